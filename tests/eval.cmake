# eval.cmake -- tests of the scorer (src/eval, `marsad eval`): its rules on
# hand-made pairs, the CLI on a fixture directory, and a sanity run of the
# shared gold set against itself.  Included by tests/CMakeLists.txt.

add_executable(test_eval eval/test_eval.c)
target_link_libraries(test_eval PRIVATE marsad PkgConfig::CMOCKA PkgConfig::JANSSON m)
target_compile_options(test_eval PRIVATE ${MARSAD_TEST_WARNINGS})
add_test(NAME eval/rules COMMAND test_eval)

add_executable(test_eval_dev eval/test_eval_dev.c)
target_link_libraries(test_eval_dev PRIVATE marsad PkgConfig::JANSSON m)
target_compile_options(test_eval_dev PRIVATE ${MARSAD_TEST_WARNINGS})
# Reads ../shared at test time; skipped (exit 77) when it is absent.
add_test(NAME eval/dev-gold-against-itself
  COMMAND test_eval_dev ${CMAKE_SOURCE_DIR}/../shared/eval/dev)
set_tests_properties(eval/dev-gold-against-itself PROPERTIES SKIP_RETURN_CODE 77)

add_test(NAME eval/cli
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/eval/cli_eval.sh $<TARGET_FILE:marsad-cli>
          ${CMAKE_CURRENT_SOURCE_DIR}/eval/fixtures)
