// 100000 throw/catch round trips, with exception objects of several sizes,
// some rethrown and some kept in a std::exception_ptr for a while: every
// exception is freed, so the heap stays bounded (checked with sbrk(0), the
// top of the heap, which only grows when malloc runs out of freed memory).
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <unistd.h>

struct Big {
    char payload[4096];
    int n;
};

static long sum = 0;

static void thrower(int i) {
    switch (i % 4) {
    case 0: throw i;
    case 1: throw std::runtime_error("iteration " + std::to_string(i));
    case 2: {
        Big b;
        b.n = i;
        b.payload[0] = static_cast<char>(i);
        throw b;
    }
    default: throw std::string(100, 'x');
    }
}

static void rethrower(int i) {
    try {
        thrower(i);
    } catch (...) {
        if (i % 3 == 0)
            throw;
        sum += 1;
    }
}

int main() {
    const int n = 100000;
    char* start = static_cast<char*>(sbrk(0));
    char* after_warmup = start;
    std::exception_ptr held;
    for (int i = 0; i < n; i++) {
        try {
            rethrower(i);
        } catch (int v) {
            sum += v % 7;
        } catch (const std::runtime_error& e) {
            sum += static_cast<long>(std::string(e.what()).size());
            if (i % 1000 == 1)
                held = std::current_exception(); // replaces (and frees) the previous one
        } catch (const Big& b) {
            sum += b.n % 5;
        } catch (const std::string& s) {
            sum += static_cast<long>(s.size());
        }
        if (i == 1000)
            after_warmup = static_cast<char*>(sbrk(0));
    }
    held = nullptr;
    char* end = static_cast<char*>(sbrk(0));
    std::printf("%d round trips, checksum %ld\n", n, sum);
    std::printf("heap growth after warm-up below 1 MiB: %s\n",
                end - after_warmup < (1 << 20) ? "yes" : "no");
    std::printf("total heap growth below 4 MiB: %s\n", end - start < (4 << 20) ? "yes" : "no");
    return 0;
}
