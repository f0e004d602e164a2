// Package apierr is the one table of DynamoDB wire errors: every exception
// Basalt can send, with its wire type, HTTP status and retry hint, and the
// Error value that carries one through the code.
//
// Validation messages are written where the fault is detected, as
// apierr.New(apierr.Validation, "…") with AWS's wording; anything that is not
// an *Error when it reaches the HTTP layer is an internal fault and becomes
// InternalServerError (see From).
package apierr

import (
	"errors"
	"fmt"
	"net/http"
)

// Code names one DynamoDB exception.
type Code uint8

// The exceptions, named as AWS names them.
const (
	InternalServerError Code = iota
	Validation
	Serialization
	UnknownOperation
	MissingAuthenticationToken
	IncompleteSignature
	InvalidSignature
	UnrecognizedClient
	AccessDenied
	ResourceNotFound
	ResourceInUse
	ConditionalCheckFailed
	LimitExceeded
	ProvisionedThroughputExceeded
	RequestLimitExceeded
	Throttling
	ItemCollectionSizeLimitExceeded
	TransactionCanceled
	TransactionConflict
	TransactionInProgress
	IdempotentParameterMismatch
	ServiceUnavailable
	RequestEntityTooLarge
	TableNotFound
	numCodes
)

// Spec is how one Code looks on the wire.
type Spec struct {
	Type      string // the full __type, namespace#Name
	Status    int    // HTTP status
	Retryable bool   // whether clients may retry
}

const (
	dynamoNS   = "com.amazonaws.dynamodb.v20120810#"
	coralNS    = "com.amazon.coral.service#"
	validateNS = "com.amazon.coral.validate#"
	availNS    = "com.amazon.coral.availability#"
)

// table holds the wire form of every Code; TestTableComplete checks that no
// Code is missing.
var table = [numCodes]Spec{
	InternalServerError:             {dynamoNS + "InternalServerError", http.StatusInternalServerError, true},
	Validation:                      {validateNS + "ValidationException", http.StatusBadRequest, false},
	Serialization:                   {coralNS + "SerializationException", http.StatusBadRequest, false},
	UnknownOperation:                {coralNS + "UnknownOperationException", http.StatusBadRequest, false},
	MissingAuthenticationToken:      {coralNS + "MissingAuthenticationTokenException", http.StatusBadRequest, false},
	IncompleteSignature:             {coralNS + "IncompleteSignatureException", http.StatusBadRequest, false},
	InvalidSignature:                {coralNS + "InvalidSignatureException", http.StatusBadRequest, false},
	UnrecognizedClient:              {coralNS + "UnrecognizedClientException", http.StatusBadRequest, false},
	AccessDenied:                    {coralNS + "AccessDeniedException", http.StatusBadRequest, false},
	ResourceNotFound:                {dynamoNS + "ResourceNotFoundException", http.StatusBadRequest, false},
	ResourceInUse:                   {dynamoNS + "ResourceInUseException", http.StatusBadRequest, false},
	ConditionalCheckFailed:          {dynamoNS + "ConditionalCheckFailedException", http.StatusBadRequest, false},
	LimitExceeded:                   {dynamoNS + "LimitExceededException", http.StatusBadRequest, true},
	ProvisionedThroughputExceeded:   {dynamoNS + "ProvisionedThroughputExceededException", http.StatusBadRequest, true},
	RequestLimitExceeded:            {dynamoNS + "RequestLimitExceeded", http.StatusBadRequest, true},
	Throttling:                      {availNS + "ThrottlingException", http.StatusBadRequest, true},
	ItemCollectionSizeLimitExceeded: {dynamoNS + "ItemCollectionSizeLimitExceededException", http.StatusBadRequest, false},
	TransactionCanceled:             {dynamoNS + "TransactionCanceledException", http.StatusBadRequest, false},
	TransactionConflict:             {dynamoNS + "TransactionConflictException", http.StatusBadRequest, true},
	TransactionInProgress:           {dynamoNS + "TransactionInProgressException", http.StatusBadRequest, true},
	IdempotentParameterMismatch:     {dynamoNS + "IdempotentParameterMismatchException", http.StatusBadRequest, false},
	ServiceUnavailable:              {availNS + "ServiceUnavailableException", http.StatusServiceUnavailable, true},
	RequestEntityTooLarge:           {coralNS + "RequestEntityTooLargeException", http.StatusRequestEntityTooLarge, false},
	TableNotFound:                   {dynamoNS + "TableNotFoundException", http.StatusBadRequest, false},
}

// SpecOf returns the wire form of c.
func SpecOf(c Code) Spec { return table[c] }

// Error is a DynamoDB exception on its way to the client.
//
// Item is set on ConditionalCheckFailed when the request asked for
// ReturnValuesOnConditionCheckFailure=ALL_OLD: the item as it was, in wire
// form (any value the HTTP layer can encode as JSON).
//
// CancellationReasons is set on TransactionCanceled: one reason per action
// of the transaction, in wire form.
type Error struct {
	Code                Code
	Message             string
	Item                any
	CancellationReasons any
}

// New returns an *Error with a fixed message.
func New(c Code, msg string) *Error { return &Error{Code: c, Message: msg} }

// Newf returns an *Error with a formatted message.
func Newf(c Code, format string, args ...any) *Error {
	return &Error{Code: c, Message: fmt.Sprintf(format, args...)}
}

// Error implements error: "Name: message".
func (e *Error) Error() string { return table[e.Code].Type + ": " + e.Message }

// Is lets errors.Is match on the Code alone: errors.Is(err, apierr.New(c, "")).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// From returns err as an *Error: the *Error in its chain if there is one,
// otherwise InternalServerError with AWS's generic message. The second
// result reports whether err was an internal fault, which the caller logs.
func From(err error) (e *Error, internal bool) {
	if errors.As(err, &e) {
		return e, false
	}
	return New(InternalServerError, "Internal server error"), true
}

// Common messages, used from several places.
const (
	MsgResourceNotFound = "Requested resource not found"
	MsgConditionFailed  = "The conditional request failed"
)
