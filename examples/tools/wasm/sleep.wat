;; sleep: parks in the host for an hour (poll_oneoff on a relative monotonic clock),
;; so no guest code runs that an epoch check could interrupt.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; subscription at 0 (48 bytes): userdata u64, tag u8 = 0 (clock) at 8,
    ;; clock id u32 at 16 = 1 (monotonic), timeout u64 at 24, precision u64 at 32,
    ;; flags u16 at 40 = 0 (relative). event out at 64, nevents at 128.
    (i64.store (i32.const 0) (i64.const 1))
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 3600000000000))
    (i64.store (i32.const 32) (i64.const 0))
    (i32.store16 (i32.const 40) (i32.const 0))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))))
)
