# Runs PORTOLAN with ARGS (a ;-separated list) and fails unless it exits 2 (invalid input) with
# stderr matching the regular expression EXPECT.
execute_process(COMMAND ${PORTOLAN} ${ARGS} RESULT_VARIABLE code ERROR_VARIABLE err
                OUTPUT_QUIET)
if(NOT code EQUAL 2)
  message(FATAL_ERROR "portolan ${ARGS} exited ${code}, not 2:\n${err}")
endif()
if(NOT err MATCHES "${EXPECT}")
  message(FATAL_ERROR "portolan ${ARGS}: stderr does not match ${EXPECT}:\n${err}")
endif()
