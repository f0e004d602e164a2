// Command ceiling serves the ceiling target of the load generator
// (package bench/ceiling): canned DynamoDB answers on -addr, until SIGINT
// or SIGTERM. It prints nothing unless it fails.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/basalt-db/basalt/bench/ceiling"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "TCP address to listen on")
	itemSize := flag.Int("item-size", 1000, "size of each returned item as DynamoDB counts it, bytes")
	scanLimit := flag.Int("scan-limit", 100, "items in each Scan page")
	flag.Parse()
	if err := serve(*addr, ceiling.Options{ItemSize: *itemSize, ScanLimit: *scanLimit}); err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

// serve listens on addr and answers until a signal arrives.
func serve(addr string, opts ceiling.Options) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: ceiling.New(opts)}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
