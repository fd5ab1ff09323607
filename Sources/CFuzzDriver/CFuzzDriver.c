// Declarations only: libFuzzer defines LLVMFuzzerRunDriver when the fuzz target is linked with -sanitize=fuzzer.
#include "CFuzzDriver.h"
