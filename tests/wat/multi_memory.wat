;; Multi-memory end to end: memory 0 ($scratch) is NOT the memory WASI uses;
;; memory 1 ($io) is exported as "memory", so fd_write reads its iovecs and
;; buffers there. Memory 0 holds a decoy iovec at the same address that
;; would print "WRONG" if WASI read memory 0. The module copies between the
;; memories, grows $io and writes from the new pages, then traps on an access
;; to memory 0 that would be in bounds of the (larger) $io.
;; The prelude's printing helpers use memory 0, so this module does not call
;; them; it writes through $write_io instead.
(module
  ;;@prelude
  (memory $scratch 1 1)
  (memory $io (export "memory") 1 4)

  ;; decoy iovec {ptr = 1280, len = 6} at 0 and "WRONG\n" at 1280
  (data (memory $scratch) (i32.const 0) "\00\05\00\00\06\00\00\00")
  (data (memory $scratch) (i32.const 1280) "WRONG\n")
  (data (memory $scratch) (i32.const 1024) "copied from memory 0\n")
  (data (memory $io) (i32.const 1024) "hello from the exported memory\n")
  (data (memory $io) (i32.const 1100) "sizes ? ?\n")

  ;; fd_write(stdout) of [ptr, ptr+len) of $io, iovec at 0 of $io
  (func $write_io (param $ptr i32) (param $len i32)
    (i32.store $io (i32.const 0) (local.get $ptr))
    (i32.store $io (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start")
    (call $write_io (i32.const 1024) (i32.const 31))
    ;; memory 0 -> memory 1 (different memories: no overlap)
    (memory.copy $io $scratch (i32.const 2048) (i32.const 1024) (i32.const 21))
    (call $write_io (i32.const 2048) (i32.const 21))
    ;; grow $io from 1 to 3 pages; memory 0 stays at 1
    (drop (memory.grow $io (i32.const 2)))
    (i32.store8 $io (i32.const 1106) (i32.add (i32.const 48) (memory.size $io)))
    (i32.store8 $io (i32.const 1108) (i32.add (i32.const 48) (memory.size $scratch)))
    (call $write_io (i32.const 1100) (i32.const 10))
    ;; the last bytes of the new third page, written by a copy from memory 0
    (memory.copy $io $scratch (i32.const 196587) (i32.const 1024) (i32.const 21))
    (call $write_io (i32.const 196587) (i32.const 21))
    ;; in bounds of $io (3 pages), out of bounds of memory 0 (1 page)
    (drop (i32.load $io (i32.const 65536)))
    (drop (i32.load $scratch (i32.const 65536)))
    (call $write_io (i32.const 1024) (i32.const 31))))
