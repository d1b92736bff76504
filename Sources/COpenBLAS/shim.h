// OpenBLAS's CBLAS interface, for the tensor layer's large matrix products (Debian:
// libopenblas-dev, installed by scripts/setup). Its cblas.h also declares
// openblas_set_num_threads.
#include <cblas.h>
// glibc's mallopt, for the tensor layer's heap thresholds (HeapSettings.swift).
#include <malloc.h>
