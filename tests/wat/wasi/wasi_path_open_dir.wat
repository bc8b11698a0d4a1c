;; path_open with O_DIRECTORY and the neighbouring rights checks, as Wasmtime
;; answers them (its test program p1_path_open_preopen and p1_directory_seek;
;; the expected transcript is in tests/tests/wasi_hostile.rs). fd 3 is the
;; preopened scratch directory. Each line is "label errno" (0 SUCCESS, 8 BADF,
;; 28 INVAL, 31 ISDIR, 54 NOTDIR, 76 NOTCAPABLE).
(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 4000) ".")
  (data (i32.const 4008) "f")
  (data (i32.const 4016) "xy")             ;; bytes written through fd_write
  (data (i32.const 4032) "\b0\0f\00\00\02\00\00\00") ;; iovec {4016, 2}

  ;; the labels
  (data (i32.const 1024) "O_DIRECTORY, no rights\00")
  (data (i32.const 1064) "O_DIRECTORY, read\00")
  (data (i32.const 1104) "O_DIRECTORY, read+write\00")
  (data (i32.const 1144) "O_DIRECTORY, write\00")
  (data (i32.const 1184) "directory, write, no O_DIRECTORY\00")
  (data (i32.const 1224) "O_DIRECTORY|O_CREAT\00")
  (data (i32.const 1264) "O_DIRECTORY|O_EXCL\00")
  (data (i32.const 1304) "O_DIRECTORY|O_TRUNC\00")
  (data (i32.const 1344) "create file f\00")
  (data (i32.const 1384) "O_DIRECTORY on file, read\00")
  (data (i32.const 1424) "O_DIRECTORY on file, read+write\00")
  (data (i32.const 1464) "fd_write on a directory\00")
  (data (i32.const 1504) "fd_read on a directory\00")
  (data (i32.const 1544) "fd_seek on a directory\00")
  (data (i32.const 1584) "fd_tell on a directory\00")
  (data (i32.const 1624) "directory handing on read only\00")
  (data (i32.const 1664) "open f for write through it\00")
  (data (i32.const 1704) "fd_write: write not inherited\00")
  (data (i32.const 1744) "O_CREAT without the right\00")
  (data (i32.const 1784) "file as the directory fd\00")
  (data (i32.const 1824) "fd_write on f\00")

  (func $say (param $s i32) (param $v i32)
    (call $print_cstr (local.get $s))
    (call $space)
    (call $println_i32 (local.get $v)))

  ;; path_open(dirfd, path, len, oflags, base, inh); the fd goes to 16384
  (func $open (param $dir i32) (param $path i32) (param $len i32) (param $of i32)
      (param $base i64) (param $inh i64) (result i32)
    (call $path_open (local.get $dir) (i32.const 0) (local.get $path) (local.get $len)
      (local.get $of) (local.get $base) (local.get $inh) (i32.const 0) (i32.const 16384)))
  (func $opened (result i32) (i32.load (i32.const 16384)))

  (func (export "_start")
    (local $d i32) (local $ro i32) (local $f i32) (local $g i32)
    ;; O_DIRECTORY (2) with no rights and with read: the directory opens
    (call $say (i32.const 1024) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 2) (i64.const 0) (i64.const 0)))
    (drop (call $fd_close (call $opened)))
    (call $say (i32.const 1064) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 2) (i64.const 2) (i64.const 0)))
    (local.set $d (call $opened))
    ;; with write: ISDIR, with or without read, with or without O_DIRECTORY
    (call $say (i32.const 1104) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 2) (i64.const 66) (i64.const 0)))
    (call $say (i32.const 1144) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 2) (i64.const 64) (i64.const 0)))
    (call $say (i32.const 1184) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 0) (i64.const 64) (i64.const 0)))
    ;; O_DIRECTORY with O_CREAT (1), O_EXCL (4), O_TRUNC (8): INVAL
    (call $say (i32.const 1224) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 3) (i64.const 0) (i64.const 0)))
    (call $say (i32.const 1264) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 6) (i64.const 0) (i64.const 0)))
    (call $say (i32.const 1304) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 10) (i64.const 0) (i64.const 0)))
    ;; a regular file: O_DIRECTORY gives NOTDIR
    (call $say (i32.const 1344) (call $open (i32.const 3) (i32.const 4008) (i32.const 1)
      (i32.const 1) (i64.const 66) (i64.const 0)))
    (local.set $f (call $opened))
    (call $say (i32.const 1384) (call $open (i32.const 3) (i32.const 4008) (i32.const 1)
      (i32.const 2) (i64.const 2) (i64.const 0)))
    (call $say (i32.const 1424) (call $open (i32.const 3) (i32.const 4008) (i32.const 1)
      (i32.const 2) (i64.const 66) (i64.const 0)))
    ;; file operations on a directory descriptor: BADF
    (call $say (i32.const 1464) (call $fd_write (local.get $d) (i32.const 4032) (i32.const 1)
      (i32.const 16388)))
    (call $say (i32.const 1504) (call $fd_read (local.get $d) (i32.const 4032) (i32.const 1)
      (i32.const 16388)))
    (call $say (i32.const 1544) (call $fd_seek (local.get $d) (i64.const 0) (i32.const 1)
      (i32.const 16392)))
    (call $say (i32.const 1584) (call $fd_tell (local.get $d) (i32.const 16392)))
    ;; rights inheritance: a directory that hands on only FD_READ (2), with
    ;; PATH_OPEN (8192) | FD_READDIR (16384) of its own
    (call $say (i32.const 1624) (call $open (i32.const 3) (i32.const 4000) (i32.const 1)
      (i32.const 2) (i64.const 24576) (i64.const 2)))
    (local.set $ro (call $opened))
    (call $say (i32.const 1664) (call $open (local.get $ro) (i32.const 4008) (i32.const 1)
      (i32.const 0) (i64.const 66) (i64.const 0)))
    (local.set $g (call $opened))
    (call $say (i32.const 1704) (call $fd_write (local.get $g) (i32.const 4032) (i32.const 1)
      (i32.const 16388)))
    (call $say (i32.const 1744) (call $open (local.get $ro) (i32.const 4008) (i32.const 1)
      (i32.const 1) (i64.const 2) (i64.const 0)))
    (call $say (i32.const 1784) (call $open (local.get $f) (i32.const 4000) (i32.const 1)
      (i32.const 0) (i64.const 0) (i64.const 0)))
    (call $say (i32.const 1824) (call $fd_write (local.get $f) (i32.const 4032) (i32.const 1)
      (i32.const 16388)))
    (drop (call $fd_close (local.get $g)))
    (drop (call $fd_close (local.get $ro)))
    (drop (call $fd_close (local.get $f)))
    (drop (call $fd_close (local.get $d)))))
