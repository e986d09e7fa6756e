# store.cmake -- tests of the event store (src/store) and the flat exports
# (src/io/export.c): the API on a real SQLite file (test_store), then the
# commands ingest, query and export on the sample and the dev articles, with
# an ingest killed at random points and resumed (store_test.py).
# Included by tests/CMakeLists.txt.

add_executable(test_store store/test_store.c)
target_link_libraries(test_store PRIVATE marsad PkgConfig::CMOCKA)
target_compile_options(test_store PRIVATE ${MARSAD_TEST_WARNINGS})
add_test(NAME store/unit COMMAND test_store ${CMAKE_SOURCE_DIR})
set_tests_properties(store/unit PROPERTIES TIMEOUT 120)

find_program(PYTHON3_STORE python3)
if(PYTHON3_STORE)
  # The dev articles are read from ../shared at test time; without them the
  # test runs on the bundled sample alone.
  add_test(NAME store/cli
    COMMAND ${PYTHON3_STORE} ${CMAKE_CURRENT_SOURCE_DIR}/store/store_test.py
            $<TARGET_FILE:marsad-cli> ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/../shared/eval/dev)
  set_tests_properties(store/cli PROPERTIES TIMEOUT 900)
endif()
