# Propagation stages as pure models: network topology (Boost.Graph), Consul timing, consul-template
# quiescence, memberlist gossip (Eigen Markov chain). Included from models/CMakeLists.txt; sources
# are named from this file's folder.
add_library(portolan_propagation
  ${CMAKE_CURRENT_LIST_DIR}/consul_timing.cc
  ${CMAKE_CURRENT_LIST_DIR}/gossip.cc
  ${CMAKE_CURRENT_LIST_DIR}/template_render.cc
  ${CMAKE_CURRENT_LIST_DIR}/topology.cc
)
target_include_directories(portolan_propagation PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(portolan_propagation PUBLIC portolan_sim Eigen3::Eigen Boost::boost)
target_compile_options(portolan_propagation PRIVATE ${PORTOLAN_WARNINGS})

add_executable(propagation_tests
  ${CMAKE_CURRENT_LIST_DIR}/tests/propagation_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/tests/topology_test.cc
)
target_link_libraries(propagation_tests PRIVATE portolan_propagation GTest::gtest_main)
target_compile_options(propagation_tests PRIVATE ${PORTOLAN_WARNINGS})
gtest_discover_tests(propagation_tests)
