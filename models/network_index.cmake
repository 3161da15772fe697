# Port pools: Nomad's NetworkIndex (nomad/structs/network.go) per node, as a unit of its own.
# Included from models/CMakeLists.txt; sources are named from this file's folder so that a
# scratch top-level project can include it too.
add_library(portolan_network_index
  ${CMAKE_CURRENT_LIST_DIR}/network_index.cc
  ${CMAKE_CURRENT_LIST_DIR}/port_set.cc
)
target_include_directories(portolan_network_index PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(portolan_network_index PUBLIC portolan_sim)
target_compile_options(portolan_network_index PRIVATE ${PORTOLAN_WARNINGS})

add_executable(network_index_tests
  ${CMAKE_CURRENT_LIST_DIR}/tests/network_index_test.cc
)
target_link_libraries(network_index_tests PRIVATE portolan_network_index GTest::gtest_main)
target_compile_options(network_index_tests PRIVATE ${PORTOLAN_WARNINGS})
gtest_discover_tests(network_index_tests)
