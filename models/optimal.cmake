# The "optimal" placement policy's batch placement: a min-cost max-flow on Boost.Graph, checked
# against the scheduler's own fit (models/optimal_placement.h). Included from
# models/CMakeLists.txt after portolan_models is defined; sources are named from this file's folder.
target_sources(portolan_models PRIVATE ${CMAKE_CURRENT_LIST_DIR}/optimal_placement.cc)

add_executable(optimal_tests
  ${CMAKE_CURRENT_LIST_DIR}/tests/optimal_placement_test.cc
)
target_link_libraries(optimal_tests PRIVATE portolan_models GTest::gtest_main)
target_compile_options(optimal_tests PRIVATE ${PORTOLAN_WARNINGS})
gtest_discover_tests(optimal_tests)
