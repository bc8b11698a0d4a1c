// A small design: a counter feeding an 8-bit ALU.
module counter #(parameter W = 8) (input clk, input rst, input en, output reg [W-1:0] q, output wrap);
  always @(posedge clk)
    if (rst) q <= 0;
    else if (en) q <= q + 1;
  assign wrap = &q;
endmodule

module alu (input [7:0] a, input [7:0] b, input [2:0] op, output reg [7:0] y);
  always @* case (op)
    3'd0: y = a + b;
    3'd1: y = a - b;
    3'd2: y = a & b;
    3'd3: y = a | b;
    3'd4: y = a ^ b;
    3'd5: y = a * b;
    3'd6: y = a << b[2:0];
    default: y = a >> b[2:0];
  endcase
endmodule

module top (input clk, input rst, input [7:0] a, input [2:0] op, output [7:0] y, output wrap);
  wire [7:0] q;
  counter #(.W(8)) c (.clk(clk), .rst(rst), .en(1'b1), .q(q), .wrap(wrap));
  alu u (.a(a), .b(q), .op(op), .y(y));
endmodule
