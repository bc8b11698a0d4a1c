// Exceptions the C++ libraries throw for the program: from libc++ header
// code (vector::at, vector::reserve, optional::value, any_cast, variant),
// from libc++'s compiled std::string (at, substr, stoi, stol, stod) and
// from libc++abi (operator new running out of memory, a failing
// dynamic_cast to a reference, typeid of a null pointer).
// Only the types are printed: what() strings differ between libraries.
#include <any>
#include <cstddef>
#include <cstdio>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <variant>
#include <vector>

struct Base {
    virtual ~Base() = default;
};
struct A : Base {};
struct B : Base {};

static volatile std::size_t huge = static_cast<std::size_t>(-1) / 2;

int main() {
    std::vector<int> v(3);
    try {
        v.at(3) = 1;
    } catch (const std::out_of_range&) {
        std::puts("vector::at: std::out_of_range");
    }
    try {
        v.reserve(v.max_size() + 1);
    } catch (const std::length_error&) {
        std::puts("vector::reserve: std::length_error");
    }
    std::string s = "abc";
    try {
        std::printf("%c\n", s.at(10));
    } catch (const std::out_of_range&) {
        std::puts("string::at: std::out_of_range");
    }
    try {
        std::printf("%s\n", s.substr(4).c_str());
    } catch (const std::out_of_range&) {
        std::puts("string::substr: std::out_of_range");
    }
    try {
        std::printf("%d\n", std::stoi("forty-two"));
    } catch (const std::invalid_argument&) {
        std::puts("stoi(\"forty-two\"): std::invalid_argument");
    }
    try {
        std::printf("%d\n", std::stoi("99999999999999999999"));
    } catch (const std::out_of_range&) {
        std::puts("stoi(huge): std::out_of_range");
    }
    try {
        std::printf("%ld\n", std::stol(""));
    } catch (const std::invalid_argument&) {
        std::puts("stol(\"\"): std::invalid_argument");
    }
    try {
        std::printf("%f\n", std::stod("1e999"));
    } catch (const std::out_of_range&) {
        std::puts("stod(\"1e999\"): std::out_of_range");
    }
    std::printf("stoi(\"  -17xyz\") = %d\n", std::stoi("  -17xyz"));
    std::optional<int> none;
    try {
        std::printf("%d\n", none.value());
    } catch (const std::bad_optional_access&) {
        std::puts("optional::value: std::bad_optional_access");
    }
    std::any a = 1;
    try {
        std::printf("%f\n", std::any_cast<double>(a));
    } catch (const std::bad_any_cast&) {
        std::puts("any_cast: std::bad_any_cast");
    }
    std::variant<int, float> var = 1;
    try {
        std::printf("%f\n", std::get<float>(var));
    } catch (const std::bad_variant_access&) {
        std::puts("get<float>: std::bad_variant_access");
    }
    try {
        char* p = new char[huge];
        std::printf("allocated %p\n", static_cast<void*>(p));
    } catch (const std::bad_alloc&) {
        std::puts("new char[huge]: std::bad_alloc");
    }
    A obj;
    Base& ref = obj;
    try {
        B& b = dynamic_cast<B&>(ref);
        std::printf("cast %p\n", static_cast<void*>(&b));
    } catch (const std::bad_cast&) {
        std::puts("dynamic_cast<B&>: std::bad_cast");
    }
    Base* null = nullptr;
    try {
        std::printf("%s\n", typeid(*null).name());
    } catch (const std::bad_typeid&) {
        std::puts("typeid(*null): std::bad_typeid");
    }
    return 0;
}
