// Package api holds the request and response shapes of the DynamoDB
// operations, field for field as the AWS API Reference names them, with
// encoding/json tags. It has no behaviour: service implements the operations,
// httpapi decodes and encodes these types.
//
// Optional scalar fields are pointers when AWS distinguishes "absent" from a
// zero value (for example Limit, ConsistentRead); strings use "" for absent.
package api
