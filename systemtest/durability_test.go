package systemtest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// basaltBinary returns the server binary to run: $BASALT_BIN when set,
// otherwise one built from ./cmd/basalt into a temporary directory.
func basaltBinary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("BASALT_BIN"); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	bin := filepath.Join(t.TempDir(), "basalt")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/basalt")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/basalt: %v\n%s", err, out)
	}
	return bin
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// process is a running basalt binary.
type process struct {
	cmd    *exec.Cmd
	addr   string
	log    *lockedWriter
	exited chan struct{} // closed when the process has exited
	err    error         // Wait's result, set before exited closes
}

// startBasalt runs bin on addr with its store in dir, and any further
// flags, and waits until GET / answers 200. The process is killed when the
// test ends, if it is still running.
func startBasalt(t testing.TB, bin, dir, addr string, flags ...string) *process {
	t.Helper()
	p := &process{addr: addr, log: &lockedWriter{w: &bytes.Buffer{}}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"-addr", addr, "-data-dir", dir}, flags...)...)
	p.cmd.Stdout = p.log
	p.cmd.Stderr = p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill() // an error only says it is gone already
		<-p.exited
		if t.Failed() {
			t.Logf("server log (%s):\n%s", addr, p.log.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("server exited before it was ready: %v\n%s", p.err, p.log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server on %s not ready after 30s\n%s", addr, p.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	<-p.exited
}

// lockedWriter serialises writes from the process's two output pipes.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

func TestDurabilityAcrossSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	t.Parallel()
	bin := basaltBinary(t)
	dir := t.TempDir()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	p := startBasalt(t, bin, dir, addr)
	c := newClient("http://" + addr)
	ctx := ctxT(t)

	table := "durable"
	if _, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(table),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	}); err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	waitActive(t, c, table)

	// Acknowledged deletes and overwrites must survive as well as puts.
	for i := 0; i < 20; i++ {
		put(t, c, table, Item{"pk": S(fmt.Sprint("pre-", i)), "v": N("0")})
	}
	for i := 0; i < 10; i++ {
		if _, err := c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S(fmt.Sprint("pre-", i))}}); err != nil {
			t.Fatalf("DeleteItem: %v", err)
		}
	}
	for i := 10; i < 20; i++ {
		put(t, c, table, Item{"pk": S(fmt.Sprint("pre-", i)), "v": N("1")})
	}

	// Writers run until the server dies under them; every write the server
	// acknowledged is recorded.
	const writers, killAfter = 8, 400
	var (
		mu        sync.Mutex
		acked     = map[string]string{}
		increment int // acknowledged ADDs to the counter
		attempted int // ADDs sent, acknowledged or not
		wg        sync.WaitGroup
		enough    = make(chan struct{})
		once      sync.Once
	)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				key, val := fmt.Sprintf("w%d-%d", w, i), strconv.Itoa(w*100000+i)
				_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S(key), "v": N(val)}})
				if err != nil {
					return
				}
				mu.Lock()
				acked[key] = val
				attempted++
				mu.Unlock()
				_, err = c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("counter")},
					UpdateExpression: aws.String("ADD n :one"), ExpressionAttributeValues: Item{":one": N("1")}})
				mu.Lock()
				if err == nil {
					increment++
				}
				n := len(acked)
				mu.Unlock()
				if n >= killAfter {
					once.Do(func() { close(enough) })
				}
				if err != nil {
					return
				}
			}
		}(w)
	}
	select {
	case <-enough:
	case <-time.After(2 * time.Minute):
		t.Fatal("writers did not reach the kill point in 2 minutes")
	}
	p.kill(t)
	wg.Wait()
	t.Logf("killed with %d acknowledged puts and %d acknowledged increments", len(acked), increment)

	p2 := startBasalt(t, bin, dir, addr)
	c2 := newClient("http://" + addr)
	d := waitActive(t, c2, table)
	if len(d.KeySchema) != 1 || aws.ToString(d.KeySchema[0].AttributeName) != "pk" {
		t.Errorf("table after restart: KeySchema %+v", d.KeySchema)
	}
	missing := 0
	for key, val := range acked {
		got := get(t, c2, table, Item{"pk": S(key)})
		if show(got) != show(Item{"pk": S(key), "v": N(val)}) {
			missing++
			if missing <= 10 {
				t.Errorf("acknowledged write %s=%s lost: got %s", key, val, show(got))
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged writes lost", missing, len(acked))
	}
	for i := 0; i < 20; i++ {
		got := get(t, c2, table, Item{"pk": S(fmt.Sprint("pre-", i))})
		switch {
		case i < 10 && got != nil:
			t.Errorf("acknowledged delete of pre-%d lost: %s", i, show(got))
		case i >= 10 && show(got) != show(Item{"pk": S(fmt.Sprint("pre-", i)), "v": N("1")}):
			t.Errorf("acknowledged overwrite of pre-%d lost: %s", i, show(got))
		}
	}
	counter := get(t, c2, table, Item{"pk": S("counter")})
	nv, ok := counter["n"].(*types.AttributeValueMemberN)
	if !ok {
		t.Fatalf("counter after restart: %s", show(counter))
	}
	n, err := strconv.Atoi(nv.Value)
	if err != nil || n < increment || n > attempted {
		t.Errorf("counter = %s after %d acknowledged and %d sent increments", nv.Value, increment, attempted)
	}

	// A new write after the restart is durable too, and the server stops
	// cleanly on SIGTERM.
	put(t, c2, table, Item{"pk": S("after"), "v": N("1")})
	if err := p2.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-p2.exited:
		if p2.err != nil {
			t.Errorf("server exited with %v after SIGTERM, want status 0", p2.err)
		}
	case <-time.After(15 * time.Second):
		t.Errorf("server still running 15s after SIGTERM")
	}
	startBasalt(t, bin, dir, addr)
	c3 := newClient("http://" + addr)
	wantItem(t, get(t, c3, table, Item{"pk": S("after")}), Item{"pk": S("after"), "v": N("1")})
}
