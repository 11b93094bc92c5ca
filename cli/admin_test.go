package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"gridbot/store"
)

// adminConfig writes a config whose data_dir is a new temporary directory
// holding a database, as a service that ran once leaves it, and returns the
// config's path and the database path.
func adminConfig(t *testing.T, extra string) (cfgPath, dbPath string) {
	t.Helper()
	dir := t.TempDir()
	cfgPath = filepath.Join(dir, "config.yaml")
	writeFile(t, cfgPath, []byte("data_dir: "+filepath.Join(dir, "data")+"\n"+extra))
	dbPath = filepath.Join(dir, "data", store.FileName)
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return cfgPath, dbPath
}

// TestAdminRefusesMissingDatabase: a config whose data_dir holds no
// database (a wrong -config) must not get a new database with a user.
func TestAdminRefusesMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, []byte("data_dir: "+filepath.Join(dir, "data")+"\n"))
	for _, args := range [][]string{{"admin", "passwd", "-config", cfg, "alice"}, {"admin", "token", "-config", cfg, "ci"}} {
		code, _, errs := runIn(t, "a long enough password\n", args...)
		if code != ExitFailure || !strings.Contains(errs, "no database at") {
			t.Errorf("%v: got exit %d %q, want 1 naming the missing database", args, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "data", store.FileName)); err == nil {
		t.Errorf("a database was created")
	}
}

// TestFlagsAfterArguments: flags may follow the positional arguments.
func TestFlagsAfterArguments(t *testing.T) {
	cfg, dbPath := adminConfig(t, "")
	if code, _, errs := runIn(t, "a long enough password\n", "admin", "passwd", "bob", "-config", cfg); code != ExitOK {
		t.Fatalf("passwd NAME -config FILE: exit %d %s", code, errs)
	}
	openUser(t, dbPath, "bob")
}

// runIn runs the command with stdin and returns the exit code, stdout and
// stderr.
func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), &Env{Args: args, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

func openUser(t *testing.T, dbPath, name string) store.WebUser {
	t.Helper()
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.WebUser(name)
	if err != nil {
		t.Fatalf("user %s: %v", name, err)
	}
	return u
}

func TestAdminPasswd(t *testing.T) {
	cfg, dbPath := adminConfig(t, "")
	code, out, errs := runIn(t, "a long enough password\n", "admin", "passwd", "-config", cfg, "alice")
	if code != ExitOK || strings.Contains(out, "a long enough password") {
		t.Fatalf("passwd from stdin: exit %d, out %q, err %q; want 0 without echoing the password", code, out, errs)
	}
	u := openUser(t, dbPath, "alice")
	if bcrypt.CompareHashAndPassword(u.Hash, []byte("a long enough password")) != nil {
		t.Fatalf("stored hash does not match the password read from stdin")
	}
	code, out, _ = runIn(t, "", "admin", "passwd", "-config", cfg, "bob")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	generated := lines[len(lines)-1]
	if code != ExitOK || len(generated) < 10 {
		t.Fatalf("generated: exit %d, out %q", code, out)
	}
	if bcrypt.CompareHashAndPassword(openUser(t, dbPath, "bob").Hash, []byte(generated)) != nil {
		t.Fatalf("the printed password does not match the stored hash")
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"no name", "", []string{"admin", "passwd", "-config", cfg}, ExitUsage, "name the user"},
		{"bad name", "", []string{"admin", "passwd", "-config", cfg, "a b"}, ExitUsage, "name must"},
		{"short password", "short\n", []string{"admin", "passwd", "-config", cfg, "carol"}, ExitUsage, "password must"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runIn(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errs, tt.code, tt.want)
			}
		})
	}
}

func TestAdminPasswdWhileServiceRuns(t *testing.T) {
	cfg, dbPath := adminConfig(t, "")
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	code, _, errs := runIn(t, "a long enough password\n", "admin", "passwd", "-config", cfg, "alice")
	if code != ExitFailure || !strings.Contains(errs, "stop the service first") || !strings.Contains(errs, "dashboard") {
		t.Fatalf("exit %d, stderr %q; want a failure telling to stop the service or use the dashboard", code, errs)
	}
}

func TestAdminToken(t *testing.T) {
	sum := sha256.Sum256([]byte("config-token"))
	cfg, dbPath := adminConfig(t, "api:\n  tokens:\n    - name: city\n      sha256: "+hex.EncodeToString(sum[:])+"\n")
	code, out, errs := runIn(t, "", "admin", "token", "-config", cfg, "partner")
	if code != ExitOK {
		t.Fatalf("create: exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	token := lines[len(lines)-1]
	if !strings.HasPrefix(token, "gbt_") || strings.ContainsAny(token, " \t") {
		t.Fatalf("last line %q, want the token alone", token)
	}
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	sum = sha256.Sum256([]byte(token))
	stored, err := db.WebTokenBySHA256(hex.EncodeToString(sum[:]))
	db.Close()
	if err != nil || stored.Name != "partner" || !stored.Active() {
		t.Fatalf("stored token %+v, %v; want partner, active, under its SHA-256", stored, err)
	}
	if code, _, errs := runIn(t, "", "admin", "token", "-config", cfg, "partner"); code != ExitFailure || !strings.Contains(errs, "already") {
		t.Errorf("duplicate: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := runIn(t, "", "admin", "token", "-config", cfg, "city"); code != ExitFailure || !strings.Contains(errs, "already") {
		t.Errorf("config name: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := runIn(t, "", "admin", "token", "-config", cfg, "-revoke", "partner"); code != ExitOK {
		t.Fatalf("revoke: exit %d, stderr %q", code, errs)
	}
	code, out, _ = runIn(t, "", "admin", "token", "-config", cfg, "-list")
	if code != ExitOK || !strings.Contains(out, "city\tconfig\tactive") || !strings.Contains(out, "partner\tstored") || !strings.Contains(out, "revoked") {
		t.Errorf("list: exit %d, out %q", code, out)
	}
	if code, _, errs := runIn(t, "", "admin", "token", "-config", cfg, "-revoke", "partner"); code != ExitFailure || !strings.Contains(errs, "no active token") {
		t.Errorf("revoke twice: exit %d, stderr %q", code, errs)
	}
	// A revoked name can be used again.
	if code, _, errs := runIn(t, "", "admin", "token", "-config", cfg, "partner"); code != ExitOK {
		t.Errorf("re-create: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runIn(t, "", "admin", "token", "-config", cfg); code != ExitUsage {
		t.Errorf("no name: exit %d, want %d", code, ExitUsage)
	}
}
