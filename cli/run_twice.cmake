# Runs PORTOLAN on SCENARIO twice and fails unless the two results directories are
# byte-identical, summary.json's "wall_s" line aside.
foreach(run a b)
  execute_process(COMMAND ${PORTOLAN} run ${SCENARIO} --out ${OUT}/${run} -q
                  RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "portolan run ${SCENARIO} exited ${code}")
  endif()
endforeach()
include(${CMAKE_CURRENT_LIST_DIR}/compare_results.cmake)
portolan_expect_same_results(${OUT}/a ${OUT}/b "between two runs of ${SCENARIO}")
