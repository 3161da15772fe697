# Runs `PORTOLAN capacity REQUEST` with --jobs 1 and --jobs 2 and fails unless both exit 0 with
# byte-identical plan.json and candidates.csv: the plan does not depend on the threads.
foreach(jobs 1 2)
  execute_process(COMMAND ${PORTOLAN} capacity ${REQUEST} -o ${OUT}/jobs-${jobs} --jobs ${jobs} -q
                  RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "portolan capacity ${REQUEST} --jobs ${jobs} exited ${code}")
  endif()
endforeach()
foreach(file plan.json candidates.csv)
  file(READ ${OUT}/jobs-1/${file} first)
  file(READ ${OUT}/jobs-2/${file} second)
  if(NOT first STREQUAL second)
    message(FATAL_ERROR "${file} differs between --jobs 1 and --jobs 2")
  endif()
endforeach()
