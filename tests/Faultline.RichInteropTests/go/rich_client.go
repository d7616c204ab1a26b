// A grpc-go client for the rich-error cases, built offline from Debian's packaged grpc-go and
// genproto (GO111MODULE=off GOPATH=/usr/share/gocode; see Infrastructure/GoPeer.cs). It knows
// nothing of the catalog: each argument names one call, "<case>@<kind>@<path>=<service>", and for
// each the client prints what grpc-go made of the failure:
//
//	READ <id> {"code", "message", "reserialized", "details": [[type_url, value]], "replies", "typed": [...]}
//
// code and message are status.FromError(err)'s, reserialized is its google.rpc.Status marshalled
// again (grpc-go keeps the raw trailer to itself), details are the Any type URLs and bytes, and
// typed is status.Details(): each detail unpacked to its registered message type (re-marshalled
// deterministically) or the error grpc-go reports for a type it does not know.
// A call that succeeds prints "FAIL <id>: ..." and makes the exit code 1.
//
// Usage: rich_client_go --port N <case>@<kind>@<path>=<service> ...
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/golang/protobuf/proto"
	// Registers google.protobuf.Struct, so status.Details() can unpack it.
	_ "github.com/golang/protobuf/ptypes/struct"
	// Registers the ten google.rpc error detail types.
	_ "google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

const (
	messagesBeforeError = 2
	name                = "Ada"
)

// rawCodec sends and receives message bytes as they are: the requests are encoded by hand below
// (there is no protoc-gen-go output to use offline) and the replies are only counted.
type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error) { return *(v.(*[]byte)), nil }

func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

// request encodes a faultline.richinterop.ErrorRequest: case = 1, name = 2, count = 3, path = 4.
func request(caseName string, count int, path int) *[]byte {
	b := proto.NewBuffer(nil)
	if caseName != "" {
		b.EncodeVarint(1<<3 | 2)
		b.EncodeStringBytes(caseName)
	}
	b.EncodeVarint(2<<3 | 2)
	b.EncodeStringBytes(name)
	if count != 0 {
		b.EncodeVarint(3<<3 | 0)
		b.EncodeVarint(uint64(count))
	}
	if path != 0 {
		b.EncodeVarint(4<<3 | 0)
		b.EncodeVarint(uint64(path))
	}
	bytes := b.Bytes()
	return &bytes
}

type typedDetail struct {
	Type  string `json:"type,omitempty"`
	Bytes string `json:"bytes,omitempty"`
	Error string `json:"error,omitempty"`
}

type read struct {
	Code         int           `json:"code"`
	Message      string        `json:"message"`
	Reserialized string        `json:"reserialized"`
	Details      [][2]string   `json:"details"`
	Replies      int           `json:"replies"`
	Typed        []typedDetail `json:"typed"`
}

// call makes one failing call; returns the replies that came before its error, and the error.
func call(ctx context.Context, conn *grpc.ClientConn, service, caseName, kind string, path int) (int, error) {
	codec := grpc.ForceCodec(rawCodec{})
	method := func(m string) string { return "/" + service + "/" + m }
	replies := 0
	var reply []byte
	switch kind {
	case "unary":
		if err := conn.Invoke(ctx, method("Unary"), request(caseName, 0, path), &reply, codec); err != nil {
			return 0, err
		}
		return 1, nil
	case "server_stream":
		stream, err := conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true}, method("ServerStream"), codec)
		if err != nil {
			return 0, err
		}
		if err := stream.SendMsg(request(caseName, messagesBeforeError, path)); err != nil {
			return 0, err
		}
		if err := stream.CloseSend(); err != nil {
			return 0, err
		}
		for {
			if err := stream.RecvMsg(&reply); err != nil {
				if err == io.EOF {
					return replies, nil
				}
				return replies, err
			}
			replies++
		}
	case "client_stream":
		stream, err := conn.NewStream(ctx, &grpc.StreamDesc{ClientStreams: true}, method("ClientStream"), codec)
		if err != nil {
			return 0, err
		}
		for i := 0; i < messagesBeforeError; i++ {
			// A failed send means the call has ended: its status comes from RecvMsg.
			_ = stream.SendMsg(request("", 0, 0))
		}
		_ = stream.SendMsg(request(caseName, 0, path))
		_ = stream.CloseSend()
		if err := stream.RecvMsg(&reply); err != nil {
			return 0, err
		}
		return 1, nil
	case "duplex":
		// Ping-pong: each echo request is answered before the next one is sent; then the failing one.
		stream, err := conn.NewStream(ctx, &grpc.StreamDesc{ClientStreams: true, ServerStreams: true}, method("Duplex"), codec)
		if err != nil {
			return 0, err
		}
		defer stream.CloseSend()
		for i := 0; i < messagesBeforeError; i++ {
			_ = stream.SendMsg(request("", 0, 0))
			if err := stream.RecvMsg(&reply); err != nil {
				return replies, err
			}
			replies++
		}
		_ = stream.SendMsg(request(caseName, 0, path))
		for {
			if err := stream.RecvMsg(&reply); err != nil {
				if err == io.EOF {
					return replies, nil
				}
				return replies, err
			}
			replies++
		}
	}
	return 0, fmt.Errorf("unknown call kind %q", kind)
}

func describe(err error, replies int) (read, error) {
	st, ok := status.FromError(err)
	if !ok {
		return read{}, fmt.Errorf("not a gRPC status: %v", err)
	}
	bytes, marshalErr := proto.Marshal(st.Proto())
	if marshalErr != nil {
		return read{}, marshalErr
	}
	r := read{Code: int(st.Code()), Message: st.Message(), Reserialized: base64.StdEncoding.EncodeToString(bytes), Details: [][2]string{}, Replies: replies, Typed: []typedDetail{}}
	for _, any := range st.Proto().GetDetails() {
		r.Details = append(r.Details, [2]string{any.GetTypeUrl(), base64.StdEncoding.EncodeToString(any.GetValue())})
	}
	for _, detail := range st.Details() {
		switch d := detail.(type) {
		case error:
			r.Typed = append(r.Typed, typedDetail{Error: d.Error()})
		case proto.Message:
			buffer := proto.NewBuffer(nil)
			buffer.SetDeterministic(true)
			if err := buffer.Marshal(d); err != nil {
				r.Typed = append(r.Typed, typedDetail{Type: proto.MessageName(d), Error: "re-marshalling: " + err.Error()})
				continue
			}
			r.Typed = append(r.Typed, typedDetail{Type: proto.MessageName(d), Bytes: base64.StdEncoding.EncodeToString(buffer.Bytes())})
		default:
			r.Typed = append(r.Typed, typedDetail{Error: fmt.Sprintf("unexpected %T", d)})
		}
	}
	return r, nil
}

func main() {
	port := flag.Int("port", 0, "the server's port on 127.0.0.1")
	flag.Parse()
	dialCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := grpc.DialContext(dialCtx, fmt.Sprintf("127.0.0.1:%d", *port), grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		os.Exit(2)
	}
	defer conn.Close()

	failed := false
	for _, arg := range flag.Args() {
		id, service := arg, ""
		if at := strings.LastIndex(arg, "="); at >= 0 {
			id, service = arg[:at], arg[at+1:]
		}
		parts := strings.Split(id, "@")
		if len(parts) != 3 || service == "" {
			fmt.Printf("FAIL %s: not <case>@<kind>@<path>=<service>\n", arg)
			failed = true
			continue
		}
		path := 0
		if parts[2] == "set" {
			path = 1
		}
		ctx, cancelCall := context.WithTimeout(metadata.AppendToOutgoingContext(context.Background(), "x-case-id", id, "x-client", "go"), 10*time.Second)
		replies, callErr := call(ctx, conn, service, parts[0], parts[1], path)
		cancelCall()
		if callErr == nil {
			fmt.Printf("FAIL %s: the call succeeded after %d replies\n", id, replies)
			failed = true
			continue
		}
		r, err := describe(callErr, replies)
		if err == nil {
			var line []byte
			line, err = json.Marshal(r)
			if err == nil {
				fmt.Printf("READ %s %s\n", id, line)
				continue
			}
		}
		fmt.Printf("FAIL %s: %v\n", id, err)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}
