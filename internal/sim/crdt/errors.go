package crdt

import "errors"

// Errors returned by the write and read methods, worded as Redis replies them
// so a command layer can send them as they are.
var (
	ErrWrongType      = errors.New("WRONGTYPE Operation against a key holding the wrong kind of value")
	ErrNotInteger     = errors.New("ERR value is not an integer or out of range")
	ErrNotFloat       = errors.New("ERR value is not a valid float")
	ErrHashNotInteger = errors.New("ERR hash value is not an integer")
	ErrHashNotFloat   = errors.New("ERR hash value is not a float")
	ErrOverflow       = errors.New("ERR increment or decrement would overflow")
	ErrNaNOrInfinity  = errors.New("ERR increment would produce NaN or Infinity")
	ErrScoreNaN       = errors.New("ERR resulting score is not a number (NaN)")
)
