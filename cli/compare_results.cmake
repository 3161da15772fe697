# portolan_expect_same_results(A B WHAT): fails unless results directories A and B hold
# byte-identical files, summary.json's "wall_s" line aside. WHAT names them in the message.
function(portolan_expect_same_results a b what)
  foreach(file summary.json placements.csv discovery.csv stale.csv timeseries.csv)
    file(READ ${a}/${file} first)
    file(READ ${b}/${file} second)
    string(REGEX REPLACE "\"wall_s\": [^\n]*" "" first "${first}")
    string(REGEX REPLACE "\"wall_s\": [^\n]*" "" second "${second}")
    if(NOT first STREQUAL second)
      message(FATAL_ERROR "${file} differs: ${what}")
    endif()
  endforeach()
endfunction()
