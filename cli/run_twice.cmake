# Runs PORTOLAN on SCENARIO twice and fails unless the two results directories are
# byte-identical, summary.json's "wall_s" line aside.
foreach(run a b)
  execute_process(COMMAND ${PORTOLAN} run ${SCENARIO} --out ${OUT}/${run} -q
                  RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "portolan run ${SCENARIO} exited ${code}")
  endif()
endforeach()
foreach(file summary.json placements.csv discovery.csv stale.csv timeseries.csv)
  file(READ ${OUT}/a/${file} first)
  file(READ ${OUT}/b/${file} second)
  string(REGEX REPLACE "\"wall_s\": [^\n]*" "" first "${first}")
  string(REGEX REPLACE "\"wall_s\": [^\n]*" "" second "${second}")
  if(NOT first STREQUAL second)
    message(FATAL_ERROR "${file} differs between two runs of ${SCENARIO}")
  endif()
endforeach()
