package resp

import (
	"bytes"
	"strings"
)

// defaultUser is the only ACL user; AUTH and HELLO accept it by name.
const defaultUser = "default"

const (
	errWrongPass = "WRONGPASS invalid username-password pair or user is disabled."
	errSyntax    = "ERR syntax error"
	errNoProto   = "NOPROTO unsupported protocol version"
	errHelloAuth = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
)

// authenticate checks a user/password pair; a failure leaves the client's
// state as it was, as in Redis.
func (s *Server) authenticate(c *client, user, pass []byte) bool {
	if user != nil && string(user) != defaultUser {
		return false
	}
	if !s.checkPassword(pass) {
		return false
	}
	c.authed = true
	return true
}

func cmdAuth(s *Server, c *client, args [][]byte) {
	var user, pass []byte
	if len(args) == 2 {
		pass = args[1]
	} else {
		user, pass = args[1], args[2]
	}
	if !s.authenticate(c, user, pass) {
		c.w.WriteError(errWrongPass)
		return
	}
	c.ok()
}

// cmdHello speaks only RESP2: "HELLO 3" gets NOPROTO, which clients such
// as go-redis take as the cue to fall back to RESP2 and a plain AUTH.
func cmdHello(s *Server, c *client, args [][]byte) {
	if len(args) >= 2 {
		ver, ok := parseInt(args[1])
		if !ok {
			c.w.WriteError("ERR Protocol version is not an integer or out of range")
			return
		}
		if ver != 2 {
			c.w.WriteError(errNoProto)
			return
		}
	}
	var user, pass, name []byte
	auth, setName := false, false
	for j := 2; j < len(args); j++ {
		left := len(args) - j - 1
		switch opt := strings.ToLower(string(args[j])); {
		case opt == "auth" && left >= 2:
			auth, user, pass = true, args[j+1], args[j+2]
			j += 2
		case opt == "setname" && left >= 1:
			setName, name = true, args[j+1]
			j++
		default:
			c.w.WriteError(sanitize("ERR Syntax error in HELLO option '" + string(clip(args[j], 128)) + "'"))
			return
		}
	}
	if auth && !s.authenticate(c, user, pass) {
		c.w.WriteError(errWrongPass)
		return
	}
	if !c.authed {
		c.w.WriteError(errHelloAuth)
		return
	}
	if setName {
		if !validName(name) {
			c.w.WriteError(errClientName)
			return
		}
		c.name = string(name)
	}
	c.w.WriteArray(14)
	c.w.WriteBulkString("server")
	c.w.WriteBulkString("redis")
	c.w.WriteBulkString("version")
	c.w.WriteBulkString(redisVersion)
	c.w.WriteBulkString("proto")
	c.w.WriteInt(2)
	c.w.WriteBulkString("id")
	c.w.WriteInt64(c.id)
	c.w.WriteBulkString("mode")
	c.w.WriteBulkString("standalone")
	c.w.WriteBulkString("role")
	c.w.WriteBulkString("master")
	c.w.WriteBulkString("modules")
	c.w.WriteArray(0)
}

func cmdQuit(_ *Server, c *client, _ [][]byte) {
	c.ok()
	c.quit = true
}

func cmdPing(_ *Server, c *client, args [][]byte) {
	if c.sub != nil && c.sub.active() {
		// Subscriber mode answers in the shape of a message.
		c.w.WriteArray(2)
		c.w.WriteBulkString("pong")
		if len(args) == 2 {
			c.w.WriteBulk(args[1])
		} else {
			c.w.WriteBulkString("")
		}
		return
	}
	if len(args) == 2 {
		c.w.WriteBulk(args[1])
		return
	}
	c.w.WriteString("PONG")
}

func cmdEcho(_ *Server, c *client, args [][]byte) { c.w.WriteBulk(args[1]) }

// cmdSelect knows one database, as a clustered Redis Enterprise database.
func cmdSelect(_ *Server, c *client, args [][]byte) {
	db, ok := parseInt(args[1])
	switch {
	case !ok:
		c.err(errNotInteger)
	case db != 0:
		c.w.WriteError("ERR DB index is out of range")
	default:
		c.ok()
	}
}

const errClientName = "ERR Client names cannot contain spaces, newlines or special characters."

// validName applies Redis's rule for client names and library info:
// printable ASCII without spaces.
func validName(b []byte) bool {
	for _, ch := range b {
		if ch < '!' || ch > '~' {
			return false
		}
	}
	return true
}

// clientArity lists the CLIENT subcommands served, with their arity.
var clientArity = map[string]int{"setname": 3, "getname": 2, "id": 2, "setinfo": 4}

func cmdClient(s *Server, c *client, args [][]byte) {
	sub := strings.ToLower(string(args[1]))
	want, known := clientArity[sub]
	if !known {
		c.w.WriteError(unknownSubcommand(args[1], "CLIENT"))
		return
	}
	if len(args) != want {
		c.w.WriteError(wrongArity("client|" + sub))
		return
	}
	switch sub {
	case "setname":
		if !validName(args[2]) {
			c.w.WriteError(errClientName)
			return
		}
		c.name = string(args[2])
		c.ok()
	case "getname":
		if c.name == "" {
			c.w.WriteNull()
			return
		}
		c.w.WriteBulkString(c.name)
	case "id":
		c.w.WriteInt64(c.id)
	case "setinfo":
		attr := strings.ToLower(string(args[2]))
		if attr != "lib-name" && attr != "lib-ver" {
			c.w.WriteError(sanitize("ERR Unrecognized option '" + string(clip(args[2], 128)) + "'"))
			return
		}
		if !validName(args[3]) {
			c.w.WriteError("ERR " + attr + " cannot contain spaces, newlines or special characters.")
			return
		}
		if attr == "lib-name" {
			c.libName = string(args[3])
		} else {
			c.libVer = string(args[3])
		}
		c.ok()
	}
}

// cmdCommand answers enough of COMMAND for redis-cli and client libraries:
// the table itself, COUNT, INFO, LIST, and an empty DOCS.
func cmdCommand(_ *Server, c *client, args [][]byte) {
	if len(args) == 1 {
		c.w.WriteArray(len(commands))
		for _, cmd := range commands {
			writeCommandInfo(c.w, cmd)
		}
		return
	}
	switch strings.ToLower(string(args[1])) {
	case "count":
		if len(args) != 2 {
			c.w.WriteError(wrongArity("command|count"))
			return
		}
		c.w.WriteInt(len(commands))
	case "docs":
		c.w.WriteArray(0)
	case "list":
		c.w.WriteArray(len(commands))
		for name := range commands {
			c.w.WriteBulkString(name)
		}
	case "info":
		c.w.WriteArray(len(args) - 2)
		for _, name := range args[2:] {
			cmd, ok := commands[string(bytes.ToLower(name))]
			if !ok {
				c.w.WriteNull()
				continue
			}
			writeCommandInfo(c.w, cmd)
		}
	default:
		c.w.WriteError(unknownSubcommand(args[1], "COMMAND"))
	}
}

// writeCommandInfo writes one COMMAND entry in the Redis 7 layout.
func writeCommandInfo(w replyWriter, cmd *command) {
	w.WriteArray(10)
	w.WriteBulkString(cmd.name)
	w.WriteInt(cmd.arity)
	w.WriteArray(len(cmd.flags))
	for _, f := range cmd.flags {
		w.WriteString(f)
	}
	w.WriteInt(cmd.first)
	w.WriteInt(cmd.last)
	w.WriteInt(cmd.step)
	for range 4 { // ACL categories, tips, key specs, subcommands
		w.WriteArray(0)
	}
}
