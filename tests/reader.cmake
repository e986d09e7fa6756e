# reader.cmake -- tests of the input reader (src/io/reader.c) through its API:
# JSON Lines, plain text, gzip, directory trees, bad input and limits (inputs
# written under /tmp), then the first records of the real news corpus.
# Included by tests/CMakeLists.txt.

add_executable(test_reader reader/test_reader.c)
target_link_libraries(test_reader PRIVATE marsad PkgConfig::CMOCKA PkgConfig::ZLIB)
# reader.h: the private knob that lowers the size limit for tests
target_include_directories(test_reader PRIVATE ${CMAKE_SOURCE_DIR}/src/io)
target_compile_options(test_reader PRIVATE ${MARSAD_TEST_WARNINGS})
add_test(NAME reader/unit COMMAND test_reader)
set_tests_properties(reader/unit PROPERTIES TIMEOUT 60)

add_executable(test_reader_corpus reader/test_reader_corpus.c)
target_link_libraries(test_reader_corpus PRIVATE marsad)
target_compile_options(test_reader_corpus PRIVATE ${MARSAD_TEST_WARNINGS})
# Reads ../shared at test time; skipped (exit 77) when it is absent.
add_test(NAME reader/saudinewsnet-first-200
  COMMAND test_reader_corpus ${CMAKE_SOURCE_DIR}/../shared/data/news/saudinewsnet-2015.jsonl.gz)
set_tests_properties(reader/saudinewsnet-first-200 PROPERTIES SKIP_RETURN_CODE 77)
