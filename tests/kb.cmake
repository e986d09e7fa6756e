# Knowledge base and resolution tests (issue 3).
add_test(NAME kb/cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/kb_test.sh $<TARGET_FILE:marsad-cli> ${CMAKE_SOURCE_DIR})
add_test(NAME kb/seed-entities
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/seed_entities_test.sh $<TARGET_FILE:marsad-cli> ${CMAKE_SOURCE_DIR})
find_program(PYTHON3_KB python3)
if(PYTHON3_KB)
  # A regression floor on the dev set (skipped when ../shared is absent).
  add_test(NAME kb/dev-entities-floor
    COMMAND ${PYTHON3_KB} ${CMAKE_SOURCE_DIR}/scripts/measure_entities.py $<TARGET_FILE:marsad-cli>
            ${CMAKE_SOURCE_DIR}/../shared/eval/dev --floor 88,82,84)
endif()
# The data files' own validators (column values, sources, types, scopes).
foreach(check check_data check_actor_data check_extract_data)
  add_test(NAME data/${check} COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/${check}.py)
endforeach()
