# Fails when docs/coverage.md differs from what `terrarium coverage` prints now.
execute_process(COMMAND ${BIN} coverage OUTPUT_VARIABLE current RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "terrarium coverage failed (${status})")
endif()
file(READ ${DOC} committed)
if(NOT current STREQUAL committed)
  message(FATAL_ERROR "docs/coverage.md is stale: run `build/terrarium coverage > docs/coverage.md`")
endif()
