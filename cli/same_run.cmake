# Runs PORTOLAN on SCENARIO twice, with the arguments FIRST and then SECOND (each a
# ;-separated list, empty for a plain repeat), and fails unless both exit 0 with byte-identical
# results directories, summary.json's "wall_s" line aside.
foreach(run FIRST SECOND)
  execute_process(COMMAND ${PORTOLAN} run ${SCENARIO} --out ${OUT}/${run} -q ${${run}}
                  RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "portolan run ${SCENARIO} ${${run}} exited ${code}")
  endif()
endforeach()
include(${CMAKE_CURRENT_LIST_DIR}/compare_results.cmake)
portolan_expect_same_results(${OUT}/FIRST ${OUT}/SECOND "${FIRST} against ${SECOND}")
