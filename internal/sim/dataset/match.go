package dataset

// Match reports whether s matches the glob pattern with the rules of Redis's
// stringmatchlen (KEYS, SCAN MATCH, PSUBSCRIBE): '*' any run, '?' one byte,
// '[...]' a class with ranges and '^' negation, '\' escaping the next byte.
// It works on bytes and is iterative, so hostile patterns cannot exhaust the
// stack; a nesting limit is unnecessary because the backtracking keeps only
// the last star.
func Match(pattern, s string) bool {
	p, i := 0, 0
	starP, starI := -1, 0
	for i < len(s) {
		if p < len(pattern) {
			switch pattern[p] {
			case '*':
				for p < len(pattern) && pattern[p] == '*' {
					p++
				}
				if p == len(pattern) {
					return true
				}
				starP, starI = p, i
				continue
			case '?':
				p++
				i++
				continue
			case '[':
				np, ok := matchClass(pattern, p, s[i])
				if ok {
					p = np
					i++
					continue
				}
			case '\\':
				if p+1 < len(pattern) {
					if pattern[p+1] == s[i] {
						p += 2
						i++
						continue
					}
					break
				}
				fallthrough
			default:
				if pattern[p] == s[i] {
					p++
					i++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		starI++
		p, i = starP, starI
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// matchClass matches c against the class starting at pattern[p] == '[' and
// returns the index after the class. An unterminated class runs to the end
// of the pattern, as in Redis.
func matchClass(pattern string, p int, c byte) (int, bool) {
	p++
	not := p < len(pattern) && pattern[p] == '^'
	if not {
		p++
	}
	match := false
	for p < len(pattern) && pattern[p] != ']' {
		switch {
		case pattern[p] == '\\' && p+1 < len(pattern):
			p++
			if pattern[p] == c {
				match = true
			}
		case p+2 < len(pattern) && pattern[p+1] == '-':
			lo, hi := pattern[p], pattern[p+2]
			if lo > hi {
				lo, hi = hi, lo
			}
			if c >= lo && c <= hi {
				match = true
			}
			p += 2
		default:
			if pattern[p] == c {
				match = true
			}
		}
		p++
	}
	if p < len(pattern) {
		p++ // the closing ']'
	}
	return p, match != not
}
