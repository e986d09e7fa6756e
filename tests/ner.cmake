# ner.cmake -- tests of the named-entity tagger (src/ner), included by
# tests/CMakeLists.txt; and its benchmark program (bench/ner_bench.c, run
# by bench/ner_bench.sh, not a test).

add_executable(test_ner ner/test_ner.c)
target_link_libraries(test_ner PRIVATE marsad PkgConfig::CMOCKA)
target_include_directories(test_ner PRIVATE ${CMAKE_SOURCE_DIR}/src/ner)
target_compile_options(test_ner PRIVATE ${MARSAD_TEST_WARNINGS})
add_test(NAME unit/test_ner COMMAND test_ner)
set_tests_properties(unit/test_ner PROPERTIES
  ENVIRONMENT "NER_FIXTURE=${CMAKE_CURRENT_SOURCE_DIR}/ner/tiny.conll;NER_MODEL=${CMAKE_SOURCE_DIR}/data/ner-model.bin;NER_ANERCORP=${CMAKE_SOURCE_DIR}/../shared/data/ner/anercorp.train.conll;MARSAD_DATA_DIR=${CMAKE_SOURCE_DIR}/data"
  SKIP_RETURN_CODE 77)

add_test(NAME cli/ner
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ner/cli_ner.sh $<TARGET_FILE:marsad-cli> ${CMAKE_SOURCE_DIR})

add_executable(ner_bench ${CMAKE_SOURCE_DIR}/bench/ner_bench.c)
target_link_libraries(ner_bench PRIVATE marsad)
target_compile_options(ner_bench PRIVATE ${MARSAD_WARNINGS})
