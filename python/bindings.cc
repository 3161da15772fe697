// The one bindings file: thin wrappers over the C++ engine; the logic lives in C++.
#include <pybind11/pybind11.h>

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "portolan engine (C++ core)";
  m.attr("__version__") = "0.1.0";
}
