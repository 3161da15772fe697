// PortBindings: written as placements.csv's "label=address:port->to;..." in ask order, and
// copied whole.
#include "models/results/port_bindings.h"

#include <gtest/gtest.h>

namespace portolan::models {
namespace {

PortBindings three() {
  PortBindings p(3);
  p[0] = {.label = "http", .address = "10.0.0.1", .value = 25000, .to = 8080};
  p[1] = {.label = "db", .address = "10.0.0.1", .value = 5432, .to = 5432};
  p[2] = {.label = "admin", .address = "192.168.1.7", .value = 65535, .to = 0};
  return p;
}

TEST(PortBindings, WritesEachBindingInAskOrder) {
  EXPECT_EQ(PortBindings().str(), "");
  PortBindings one(1);
  one[0] = {.label = "http", .address = "10.0.0.1", .value = 20001, .to = 8080};
  EXPECT_EQ(one.str(), "http=10.0.0.1:20001->8080");
  EXPECT_EQ(one.heap_bytes(), 0u);
  EXPECT_EQ(three().str(),
            "http=10.0.0.1:25000->8080;db=10.0.0.1:5432->5432;admin=192.168.1.7:65535->0");
  EXPECT_EQ(three().heap_bytes(), 2 * sizeof(PortBinding));
}

TEST(PortBindings, ACopyIsEqualAndIndependent) {
  const PortBindings a = three();
  PortBindings b = a;
  EXPECT_EQ(a, b);
  b[2].value = 1;
  EXPECT_NE(a, b);
  EXPECT_EQ(a[2].value, 65535);
  PortBindings c;
  c = a;
  EXPECT_EQ(c, a);
  EXPECT_EQ(c, "http=10.0.0.1:25000->8080;db=10.0.0.1:5432->5432;admin=192.168.1.7:65535->0");
  EXPECT_NE(PortBindings(1), PortBindings(2));
}

}  // namespace
}  // namespace portolan::models
