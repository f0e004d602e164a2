package service

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// Request validation shared by the table operations. Field constraints are
// collected in a constraints value (constraints.go) and reported together,
// as AWS does, before any rule that needs more than one field or the table.

// maxConstraintErrors is how many field violations AWS reports at most.
const maxConstraintErrors = 10

// maxCapacityUnits is the largest capacity AWS accepts in a request; larger
// values are "out of bounds" (account quotas are not modelled).
const maxCapacityUnits = 1_000_000_000_000

// Enumerations, in the order AWS's messages list them.
var (
	enumBillingMode    = []string{catalog.BillingProvisioned, catalog.BillingPayPerRequest}
	enumScalarType     = []string{"B", "N", "S"}
	enumKeyType        = []string{"HASH", "RANGE"}
	enumStreamViewType = []string{"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"}
)

func tableInvalid(msg string) error { return apierr.New(apierr.Validation, msg) }

func tableInvalidf(format string, args ...any) error {
	return apierr.Newf(apierr.Validation, format, args...)
}

// invalidParams starts most of AWS's semantic validation messages.
const invalidParams = "One or more parameter values were invalid: "

// tableNameRequired is AWS's answer to a table operation without TableName
// (not the usual "Value null at 'tableName'" form). An empty name is
// treated as absent: the request shapes cannot tell them apart.
func tableNameRequired(name string) error {
	if name == "" {
		return tableInvalid("The parameter 'TableName' is required but was not present in the request")
	}
	return nil
}

// tableNameRules records the constraints of a table name in field: pattern, then
// minimum, then maximum length.
func tableNameRules(c *constraints, field, name string) {
	if !validTableName(name) {
		c.add(&name, field, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
	}
	if len(name) < 3 {
		c.add(&name, field, "Member must have length greater than or equal to 3")
	}
	if len(name) > 255 {
		c.add(&name, field, "Member must have length less than or equal to 255")
	}
}

// tableConstraintsErr returns the collected violations (at most ten, as AWS reports).
func tableConstraintsErr(c *constraints) error {
	if len(c.msgs) > maxConstraintErrors {
		c.msgs = c.msgs[:maxConstraintErrors]
	}
	return c.err()
}

// throughputRules records the constraints of a ProvisionedThroughput:
// both members required and at least 1, write first as AWS lists them.
func throughputRules(c *constraints, pt *api.ProvisionedThroughput) {
	if pt == nil {
		return
	}
	for _, m := range []struct {
		v     *int64
		field string
	}{{pt.WriteCapacityUnits, "writeCapacityUnits"}, {pt.ReadCapacityUnits, "readCapacityUnits"}} {
		field := "provisionedThroughput." + m.field
		switch {
		case m.v == nil:
			c.add(nil, field, "Member must not be null")
		case *m.v < 1:
			v := fmt.Sprint(*m.v)
			c.add(&v, field, "Member must have value greater than or equal to 1")
		}
	}
}

// throughputBounds rejects capacities beyond what AWS accepts at all.
func throughputBounds(pt *api.ProvisionedThroughput) error {
	if pt == nil {
		return nil
	}
	if *pt.ReadCapacityUnits > maxCapacityUnits {
		return tableInvalidf("Given value %d for ReadCapacityUnits is out of bounds", *pt.ReadCapacityUnits)
	}
	if *pt.WriteCapacityUnits > maxCapacityUnits {
		return tableInvalidf("Given value %d for WriteCapacityUnits is out of bounds", *pt.WriteCapacityUnits)
	}
	return nil
}

// streamRules records the constraints of a StreamSpecification.
func streamRules(c *constraints, s *api.StreamSpecification) {
	if s == nil {
		return
	}
	if s.StreamEnabled == nil {
		c.add(nil, "streamSpecification.streamEnabled", "Member must not be null")
	}
	c.enum(s.StreamViewType, "streamSpecification.streamViewType", enumStreamViewType...)
}

// attributeDefinitionRules records the constraints of AttributeDefinitions.
func attributeDefinitionRules(c *constraints, defs []api.AttributeDefinition) {
	if defs == nil {
		c.add(nil, "attributeDefinitions", "Member must not be null")
		return
	}
	for i, d := range defs {
		at := fmt.Sprintf("attributeDefinitions.%d.member.", i+1)
		attributeNameRules(c, at+"attributeName", d.AttributeName)
		if d.AttributeType == "" {
			c.add(nil, at+"attributeType", "Member must not be null")
		} else {
			c.enum(d.AttributeType, at+"attributeType", enumScalarType...)
		}
	}
}

// keySchemaRules records the constraints of a table's KeySchema.
func keySchemaRules(c *constraints, ks []api.KeySchemaElement) {
	switch {
	case ks == nil:
		c.add(nil, "keySchema", "Member must not be null")
		return
	case len(ks) == 0:
		v := "[]"
		c.add(&v, "keySchema", "Member must have length greater than or equal to 1")
	case len(ks) > 2:
		v := javaKeySchema(ks)
		c.add(&v, "keySchema", "Member must have length less than or equal to 2")
	}
	for i, k := range ks {
		at := fmt.Sprintf("keySchema.%d.member.", i+1)
		attributeNameRules(c, at+"attributeName", k.AttributeName)
		if k.KeyType == "" {
			c.add(nil, at+"keyType", "Member must not be null")
		} else {
			c.enum(k.KeyType, at+"keyType", enumKeyType...)
		}
	}
}

// attributeNameRules records the constraints of a key attribute name:
// required, 1 to 255 bytes. An empty name is treated as absent.
func attributeNameRules(c *constraints, field, name string) {
	switch {
	case name == "":
		c.add(nil, field, "Member must not be null")
	case len(name) > 255:
		c.add(&name, field, "Member must have length less than or equal to 255")
	}
}

// javaKeySchema renders a KeySchema list the way AWS's validator prints it:
// Java's default toString of each element, class name and hash code. The
// hash codes are AWS's object identities, which no client can rely on; we
// print a stable hash of the element instead.
func javaKeySchema(ks []api.KeySchemaElement) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		h := fnv.New32a()
		h.Write([]byte(k.AttributeName + "\x00" + k.KeyType))
		parts[i] = fmt.Sprintf("com.amazonaws.dynamodb.v20120810.KeySchemaElement@%x", h.Sum32())
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// listText formats names as AWS's messages carry them: "[a, b]".
func listText(names []string) string { return "[" + strings.Join(names, ", ") + "]" }
