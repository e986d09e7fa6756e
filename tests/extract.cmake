# Extraction tests (issue 4) and the accuracy floor (issue 5).
add_test(NAME extract/seed
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/seed_extract_test.sh $<TARGET_FILE:marsad-cli> ${CMAKE_SOURCE_DIR})
add_test(NAME extract/cli
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/extract_cli_test.sh $<TARGET_FILE:marsad-cli> ${CMAKE_SOURCE_DIR})
find_program(PYTHON3_EX python3)
if(PYTHON3_EX)
  add_test(NAME eval/dev-floor
    COMMAND ${PYTHON3_EX} ${CMAKE_CURRENT_SOURCE_DIR}/check_floor.py $<TARGET_FILE:marsad-cli>
            ${CMAKE_SOURCE_DIR}/../shared/eval/dev ${CMAKE_CURRENT_SOURCE_DIR}/eval-floor.txt)
endif()
add_test(NAME extract/rules
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/extract_rules_test.sh $<TARGET_FILE:marsad-cli> ${CMAKE_SOURCE_DIR})
