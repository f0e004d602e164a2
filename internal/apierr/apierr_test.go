package apierr

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestTableComplete(t *testing.T) {
	for c := Code(0); c < numCodes; c++ {
		s := SpecOf(c)
		if s.Status == 0 || !strings.Contains(s.Type, "#") {
			t.Errorf("code %d has no complete entry: %+v", c, s)
		}
	}
}

func TestFrom(t *testing.T) {
	wrapped := fmt.Errorf("context: %w", New(Validation, "bad"))
	if e, internal := From(wrapped); internal || e.Code != Validation || e.Message != "bad" {
		t.Errorf("From(wrapped) = %v, %v", e, internal)
	}
	if e, internal := From(errors.New("disk on fire")); !internal || e.Code != InternalServerError {
		t.Errorf("From(plain) = %v, %v", e, internal)
	}
	if !errors.Is(wrapped, New(Validation, "")) || errors.Is(wrapped, New(ResourceNotFound, "")) {
		t.Error("errors.Is on Code")
	}
}
