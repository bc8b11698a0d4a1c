// A syntax error: yosys reports it and exits with status 1.
module bad(input a; endmodule
