// A heavier design for timing: four multiply-accumulate lanes, a CRC-32
// and a small controller. Synthesised to gates (ABC included), it keeps
// yosys busy for a few seconds.
module mac_lane #(parameter W = 16) (
  input clk, input rst, input en,
  input [W-1:0] a, input [W-1:0] b,
  output reg [2*W+3:0] acc
);
  always @(posedge clk)
    if (rst) acc <= 0;
    else if (en) acc <= acc + a * b;
endmodule

module crc32 (input clk, input rst, input en, input [7:0] d, output reg [31:0] crc);
  integer i;
  reg [31:0] c;
  always @* begin
    c = crc;
    for (i = 0; i < 8; i = i + 1)
      c = (c[0] ^ d[i]) ? (c >> 1) ^ 32'hEDB88320 : c >> 1;
  end
  always @(posedge clk)
    if (rst) crc <= 32'hFFFFFFFF;
    else if (en) crc <= c;
endmodule

module mac (
  input clk, input rst, input start,
  input [63:0] a, input [63:0] b,
  output [35:0] y0, output [35:0] y1, output [35:0] y2, output [35:0] y3,
  output [31:0] crc, output busy
);
  reg [1:0] state;
  reg [7:0] count;
  localparam IDLE = 2'd0, RUN = 2'd1, DONE = 2'd2;
  always @(posedge clk)
    if (rst) begin state <= IDLE; count <= 0; end
    else case (state)
      IDLE: if (start) begin state <= RUN; count <= 8'd200; end
      RUN:  if (count == 0) state <= DONE; else count <= count - 1;
      DONE: state <= IDLE;
      default: state <= IDLE;
    endcase
  assign busy = state == RUN;
  genvar g;
  generate for (g = 0; g < 4; g = g + 1) begin : lane
    wire [35:0] acc;
    mac_lane #(.W(16)) l (.clk(clk), .rst(rst), .en(busy),
      .a(a[16*g +: 16]), .b(b[16*g +: 16]), .acc(acc));
  end endgenerate
  assign y0 = lane[0].acc;
  assign y1 = lane[1].acc;
  assign y2 = lane[2].acc;
  assign y3 = lane[3].acc;
  crc32 c (.clk(clk), .rst(rst), .en(busy), .d(a[7:0] ^ b[7:0]), .crc(crc));
endmodule
