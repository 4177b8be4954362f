;; writer-excl: like writer.wat, but creates /scratch/out.txt exclusively (O_CREAT|O_EXCL), so it
;; fails with exit 11 in a scratch dir that an earlier call already wrote to. Creates it (its preopen, fd 3), writes "hello scratch" into it,
;; reads it back and prints it. Exits 11..16 naming the step that failed.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 256) "out.txt")
  (data (i32.const 320) "hello scratch")
  (func $check (param $errno i32) (param $step i32)
    (if (local.get $errno) (then (call $proc_exit (local.get $step)))))
  (func (export "_start")
    (local $fd i32)
    ;; create exclusively (oflags 5), rights FD_READ | FD_WRITE
    (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 7)
      (i32.const 5) (i64.const 66) (i64.const 0) (i32.const 0) (i32.const 200)) (i32.const 11))
    (local.set $fd (i32.load (i32.const 200)))
    (i32.store (i32.const 0) (i32.const 320))
    (i32.store (i32.const 4) (i32.const 13))
    (call $check (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)) (i32.const 12))
    (call $check (call $fd_close (local.get $fd)) (i32.const 13))
    (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 7)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 200)) (i32.const 14))
    (local.set $fd (i32.load (i32.const 200)))
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 100))
    (call $check (call $fd_read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)) (i32.const 15))
    (i32.store (i32.const 4) (i32.load (i32.const 16)))
    (call $check (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)) (i32.const 16)))
)
