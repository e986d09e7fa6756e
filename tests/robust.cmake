# robust.cmake -- robustness tests (issue 8, docs/robustness.md): the
# extract command on bad and oversized input, and real articles under the
# sanitizers.  The fuzz corpora replay in fuzz/CMakeLists.txt.  Included by
# tests/CMakeLists.txt.

set(MARSAD_ROBUST_SANITIZED "")
if(CMAKE_BUILD_TYPE STREQUAL "Debug" OR MARSAD_SANITIZE)
  set(MARSAD_ROBUST_SANITIZED sanitized)
endif()

add_test(NAME robust/cli
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robust/cli_robust.sh $<TARGET_FILE:marsad-cli>
          ${CMAKE_SOURCE_DIR} ${MARSAD_ROBUST_SANITIZED})
set_tests_properties(robust/cli PROPERTIES TIMEOUT 600)

# 500 SaudiNewsNet articles through the ASan + UBSan build (the Debug build
# of scripts/run-tests.sh); skipped when ../shared is absent.  All 31,012:
# scripts/check_corpus.sh.
if(MARSAD_ROBUST_SANITIZED)
  add_test(NAME robust/saudinewsnet-500-sanitized
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robust/corpus.sh $<TARGET_FILE:marsad-cli>
            ${CMAKE_SOURCE_DIR}/../shared/data/news/saudinewsnet-2015.jsonl.gz
            ${CMAKE_SOURCE_DIR} 500)
  set_tests_properties(robust/saudinewsnet-500-sanitized PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()
