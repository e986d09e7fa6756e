# throughput.cmake -- marsad extract -j (issue 7): threaded output equals the
# single-threaded output byte for byte, --unordered gives the same lines,
# errors keep file:line and order.  The dev-article part reads ../shared at
# test time and is skipped when it is absent.  Benchmarks live in bench/,
# not here: nothing in this file is timed.
add_test(NAME throughput/threads
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/throughput/threads_test.sh $<TARGET_FILE:marsad-cli>
          ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/../shared/eval/dev)
set_tests_properties(throughput/threads PROPERTIES TIMEOUT 600)
