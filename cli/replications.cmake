# `run.replications: 3` writes OUT/replication-001..003, and replication k is the single run of
# seed (first seed + k - 1), byte for byte (summary.json's "wall_s" aside).
include(${CMAKE_CURRENT_LIST_DIR}/compare_results.cmake)
execute_process(COMMAND ${PORTOLAN} run ${SCENARIO} --set run.replications=3 --out ${OUT}/reps -q
                RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "portolan run with 3 replications exited ${code}")
endif()
foreach(k 1 2 3)
  execute_process(COMMAND ${PORTOLAN} run ${SCENARIO} --seed ${k} --out ${OUT}/single-${k} -q
                  RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "portolan run --seed ${k} exited ${code}")
  endif()
  portolan_expect_same_results(${OUT}/reps/replication-00${k} ${OUT}/single-${k}
                               "replication-00${k} against the run with seed ${k}")
endforeach()
file(GLOB leftovers ${OUT}/*.partial-*)
if(leftovers)
  message(FATAL_ERROR "staging directories left behind: ${leftovers}")
endif()
