// Filled in below.
#include <doctest/doctest.h>
