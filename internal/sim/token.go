package sim

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// loadOrCreateToken returns the token kept in dir, creating it on first use
// so that clients on the same machine can find it without configuration.
func loadOrCreateToken(dir string, log *slog.Logger) (string, error) {
	path := filepath.Join(dir, simapi.TokenFile)
	raw, err := os.ReadFile(path)
	if err == nil {
		tok := strings.TrimSpace(string(raw))
		if tok == "" {
			return "", fmt.Errorf("token file %s is empty: delete it to have a new token generated", path)
		}
		if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
			log.Warn("token file is readable by other users; it should be mode 0600", "path", path, "mode", info.Mode().Perm().String())
		}
		return tok, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read token file: %w", err)
	}
	tok, err := randomSecret()
	if err != nil {
		return "", err
	}
	// O_EXCL: never overwrite a token another process wrote meanwhile.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("create token file: %w", err)
	}
	_, werr := f.WriteString(tok + "\n")
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		_ = os.Remove(path)
		return "", fmt.Errorf("write token file %s: %w", path, err)
	}
	log.Info("generated a control-plane token", "path", path)
	return tok, nil
}

// randomSecret is 32 random bytes in standard base64, the shape of an Azure
// access key; it is used for tokens and access keys alike.
func randomSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate secret: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}
