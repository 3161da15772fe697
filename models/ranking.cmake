# Ranking and feasibility: Nomad's scoring, constraint and node-sampling rules as pure
# functions (scheduler/feasible/rank.go, feasible.go, spread.go, stack.go, select.go).
add_library(portolan_ranking
  ${CMAKE_CURRENT_LIST_DIR}/constraints.cc
  ${CMAKE_CURRENT_LIST_DIR}/node_sampling.cc
  ${CMAKE_CURRENT_LIST_DIR}/scoring.cc
)
target_include_directories(portolan_ranking PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(portolan_ranking PUBLIC portolan_sim)
target_compile_options(portolan_ranking PRIVATE ${PORTOLAN_WARNINGS})

add_executable(ranking_tests
  ${CMAKE_CURRENT_LIST_DIR}/tests/constraints_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/tests/scoring_test.cc
)
target_link_libraries(ranking_tests PRIVATE portolan_ranking GTest::gtest_main)
target_compile_options(ranking_tests PRIVATE ${PORTOLAN_WARNINGS})
gtest_discover_tests(ranking_tests)
