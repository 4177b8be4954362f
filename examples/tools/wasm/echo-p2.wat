;; echo-p2: a WASI preview 2 component (component-model text) that exports
;; wasi:cli/run and copies stdin to stdout with wasi:io/streams blocking-read and
;; blocking-write-and-flush. run returns ok at end of input, err on any stream error.
(component
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $error))

  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $output-stream (sub resource)))
    (export "input-stream" (type $input-stream (sub resource)))
    (alias outer 1 $error (type $error-outer))
    (export "error" (type $error-t (eq $error-outer)))
    (type $stream-error-v (variant (case "last-operation-failed" (own $error-t)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error-v)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error)))))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $input-stream)) (param "len" u64)
            (result (result (list u8) (error $stream-error)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (alias export $streams "input-stream" (type $input-stream))

  (import "wasi:cli/stdin@0.2.0" (instance $stdin
    (alias outer 1 $input-stream (type $in-outer))
    (export "input-stream" (type $in (eq $in-outer)))
    (export "get-stdin" (func (result (own $in))))))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream (type $out-outer))
    (export "output-stream" (type $out (eq $out-outer)))
    (export "get-stdout" (func (result (own $out))))))

  ;; Memory and a realloc for the host to return lists into. The guest reads at most
  ;; 4 KiB at a time (blocking-write-and-flush takes at most 4096 bytes) and consumes
  ;; each block before the next read, so realloc hands out the same block every time.
  (core module $Mem
    (memory (export "memory") 2)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (if (i32.gt_u (local.get 3) (i32.const 4096)) (then (unreachable)))
      (i32.const 1024)))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "memory" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))

  (core func $get-stdin (canon lower (func $stdin "get-stdin")))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $read (canon lower (func $streams "[method]input-stream.blocking-read")
    (memory $memory) (realloc $realloc)))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory $memory)))

  (core module $Main
    (import "host" "memory" (memory 0))
    (import "host" "get-stdin" (func $get_stdin (result i32)))
    (import "host" "get-stdout" (func $get_stdout (result i32)))
    ;; self, len, return area
    (import "host" "read" (func $read (param i32 i64 i32)))
    ;; self, ptr, len, return area
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    ;; Return areas: read at 16 (tag u8; ok: ptr at 20, len at 24; err: case u8 at 20),
    ;; write at 32 (tag u8). Returns 0 = ok, 1 = err.
    (func (export "run") (result i32)
      (local $in i32) (local $out i32)
      (local.set $in (call $get_stdin))
      (local.set $out (call $get_stdout))
      (loop $copy
        (call $read (local.get $in) (i64.const 4096) (i32.const 16))
        (if (i32.load8_u (i32.const 16))
          (then
            ;; stream-error: "closed" (case 1) is the end of input
            (return (i32.ne (i32.load8_u (i32.const 20)) (i32.const 1)))))
        (call $write (local.get $out) (i32.load (i32.const 20)) (i32.load (i32.const 24))
          (i32.const 32))
        (if (i32.load8_u (i32.const 32)) (then (return (i32.const 1))))
        (br $copy))
      (i32.const 0)))
  (core instance $main (instantiate $Main
    (with "host" (instance
      (export "memory" (memory $memory))
      (export "get-stdin" (func $get-stdin))
      (export "get-stdout" (func $get-stdout))
      (export "read" (func $read))
      (export "write" (func $write))))))

  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
