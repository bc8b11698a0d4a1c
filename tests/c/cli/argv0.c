/* Prints argv[0] and argc (tests/cli_options.rs, cli_argv0_passed_through):
 * argv[0] must reach the guest exactly as the executable was invoked. */
#include <stdio.h>
int main(int argc, char **argv) { printf("[%s] %d\n", argv[0], argc); return 0; }
