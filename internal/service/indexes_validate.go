package service

import (
	"fmt"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// Secondary index validation, shared by CreateTable and UpdateTable's
// GlobalSecondaryIndexUpdates Create. Limits are AWS's service quotas.
const (
	maxLocalIndexes   = 5
	maxGlobalIndexes  = 20
	maxProjectedTotal = 100 // NonKeyAttributes summed over every index of a table
	maxIndexKeyAttrs  = 4   // HASH, and separately RANGE, elements of a GSI key
	maxNonKeyPerIndex = 20
)

var enumProjectionType = []string{catalog.ProjectAll, catalog.ProjectInclude, catalog.ProjectKeysOnly}

// indexSpec is the part of an LSI or GSI request that both share.
type indexSpec struct {
	name       string
	keys       []api.KeySchemaElement
	projection *api.Projection
	global     bool
	pt         *api.ProvisionedThroughput // GSI only
	odt        *api.OnDemandThroughput
	warm       *api.WarmThroughput
}

// indexSpecs lists the indexes of a CreateTable request, local ones first.
func indexSpecs(in *api.CreateTableInput) []indexSpec {
	var out []indexSpec
	for _, l := range in.LocalSecondaryIndexes {
		out = append(out, indexSpec{name: l.IndexName, keys: l.KeySchema, projection: l.Projection})
	}
	for _, g := range in.GlobalSecondaryIndexes {
		out = append(out, gsiSpec(&g))
	}
	return out
}

func gsiSpec(g *api.GlobalSecondaryIndex) indexSpec {
	return indexSpec{name: g.IndexName, keys: g.KeySchema, projection: g.Projection, global: true,
		pt: g.ProvisionedThroughput, odt: g.OnDemandThroughput, warm: g.WarmThroughput}
}

// indexConstraints records the field constraints of one index at field
// (for example "globalSecondaryIndexes.1.member"): name, key schema (at
// most 2 elements for an LSI, 8 for a GSI), projection, throughput.
func indexConstraints(c *constraints, field string, ix indexSpec) {
	if ix.name == "" {
		c.add(nil, field+".indexName", "Member must not be null")
	} else {
		c.resourceName(ix.name, field+".indexName")
	}
	maxKeys := 2
	if ix.global {
		maxKeys = 2 * maxIndexKeyAttrs
	}
	switch {
	case ix.keys == nil:
		c.add(nil, field+".keySchema", "Member must not be null")
	case len(ix.keys) == 0:
		v := "[]"
		c.add(&v, field+".keySchema", "Member must have length greater than or equal to 1")
	case len(ix.keys) > maxKeys:
		v := javaKeySchema(ix.keys)
		c.add(&v, field+".keySchema", fmt.Sprintf("Member must have length less than or equal to %d", maxKeys))
	}
	for i, k := range ix.keys {
		at := fmt.Sprintf("%s.keySchema.%d.member.", field, i+1)
		attributeNameRules(c, at+"attributeName", k.AttributeName)
		if k.KeyType == "" {
			c.add(nil, at+"keyType", "Member must not be null")
		} else {
			c.enum(k.KeyType, at+"keyType", enumKeyType...)
		}
	}
	if p := ix.projection; p == nil {
		c.add(nil, field+".projection", "Member must not be null")
	} else {
		c.enum(p.ProjectionType, field+".projection.projectionType", enumProjectionType...)
		switch {
		case p.NonKeyAttributes != nil && len(p.NonKeyAttributes) == 0:
			v := "[]"
			c.add(&v, field+".projection.nonKeyAttributes", "Member must have length greater than or equal to 1")
		case len(p.NonKeyAttributes) > maxNonKeyPerIndex:
			v := listText(p.NonKeyAttributes)
			c.add(&v, field+".projection.nonKeyAttributes", fmt.Sprintf("Member must have length less than or equal to %d", maxNonKeyPerIndex))
		}
	}
	if ix.pt != nil {
		var sub constraints
		throughputRules(&sub, ix.pt)
		for _, m := range sub.msgs {
			c.msgs = append(c.msgs, replaceField(m, "'provisionedThroughput.", "'"+field+".provisionedThroughput."))
		}
	}
}

// replaceField rewrites the field path inside one constraint message.
func replaceField(msg, old, repl string) string {
	for i := 0; i+len(old) <= len(msg); i++ {
		if msg[i:i+len(old)] == old {
			return msg[:i] + repl + msg[i+len(old):]
		}
	}
	return msg
}

// createIndexConstraints records the constraints of CreateTable's indexes.
func createIndexConstraints(c *constraints, in *api.CreateTableInput) {
	for i, l := range in.LocalSecondaryIndexes {
		indexConstraints(c, fmt.Sprintf("localSecondaryIndexes.%d.member", i+1),
			indexSpec{name: l.IndexName, keys: l.KeySchema, projection: l.Projection})
	}
	for i := range in.GlobalSecondaryIndexes {
		indexConstraints(c, fmt.Sprintf("globalSecondaryIndexes.%d.member", i+1), gsiSpec(&in.GlobalSecondaryIndexes[i]))
	}
}

// indexKeysDefined reports the first index one of whose key attributes
// defs does not define, with AWS's message.
func indexKeysDefined(specs []indexSpec, defs []api.AttributeDefinition) error {
	defined := make(map[string]bool, len(defs))
	names := make([]string, len(defs))
	for i, d := range defs {
		defined[d.AttributeName], names[i] = true, d.AttributeName
	}
	for _, ix := range specs {
		keys := make([]string, len(ix.keys))
		missing := false
		for i, k := range ix.keys {
			keys[i] = k.AttributeName
			missing = missing || !defined[k.AttributeName]
		}
		if missing {
			return tableInvalidf(invalidParams+"Some index key attributes are not defined in AttributeDefinitions. Keys: %s, AttributeDefinitions: %s",
				listText(keys), listText(names))
		}
	}
	return nil
}

// indexShapeRules checks one index's key schema and projection. tableHash
// is the table's partition key and tableHasRange whether it has a sort key
// (for LSIs).
func indexShapeRules(ix indexSpec, tableHash string) error {
	if err := indexKeyOrder(ix); err != nil {
		return err
	}
	if !ix.global {
		if len(ix.keys) != 2 {
			return tableInvalidf(invalidParams+"Index KeySchema does not have a range key for index: %s", ix.name)
		}
		if h := ix.keys[0].AttributeName; h != tableHash {
			return tableInvalidf(invalidParams+"Index KeySchema does not have the same leading hash key as table KeySchema for index: %s. index hash key: %s, table hash key: %s",
				ix.name, h, tableHash)
		}
	}
	return projectionRules(ix.projection)
}

// indexKeyOrder checks the HASH and RANGE elements of an index key
// schema: HASH first, names distinct; for an LSI one HASH and one RANGE,
// for a GSI up to four of each, every HASH before every RANGE.
func indexKeyOrder(ix indexSpec) error {
	keys := ix.keys
	if len(keys) == 2 && keys[0].AttributeName == keys[1].AttributeName {
		return tableInvalid("Both the Hash Key and the Range Key element in the KeySchema have the same name")
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k.AttributeName] {
			return tableInvalid("The KeySchema contains multiple key attributes with the same name")
		}
		seen[k.AttributeName] = true
	}
	if keys[0].KeyType != "HASH" {
		return tableInvalid("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
	}
	if !ix.global {
		if len(keys) == 2 && keys[1].KeyType != "RANGE" {
			return tableInvalid("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
		}
		return nil
	}
	hashes, ranges := 0, 0
	for _, k := range keys {
		if k.KeyType == "HASH" {
			if ranges > 0 {
				return tableInvalid(invalidParams + "All HASH key attributes must precede RANGE key attributes in the KeySchema")
			}
			hashes++
		} else {
			ranges++
		}
	}
	if hashes > maxIndexKeyAttrs {
		return tableInvalid(invalidParams + "The KeySchema exceeds the maximum allowed number of HASH key attributes")
	}
	if ranges > maxIndexKeyAttrs {
		return tableInvalid(invalidParams + "The KeySchema exceeds the maximum allowed number of RANGE key attributes")
	}
	return nil
}

// projectionRules checks a Projection (present: its absence is a field
// constraint).
func projectionRules(p *api.Projection) error {
	switch {
	case p.ProjectionType == "":
		return tableInvalid(invalidParams + "Unknown ProjectionType: null")
	case p.ProjectionType != catalog.ProjectInclude && p.NonKeyAttributes != nil:
		return tableInvalidf(invalidParams+"ProjectionType is %s, but NonKeyAttributes is specified", p.ProjectionType)
	case p.ProjectionType == catalog.ProjectInclude && p.NonKeyAttributes == nil:
		return tableInvalid(invalidParams + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
	}
	seen := map[string]bool{}
	for _, a := range p.NonKeyAttributes {
		if seen[a] {
			return tableInvalidf(invalidParams+"Duplicate element in NonKeyAttributes: %s", a)
		}
		seen[a] = true
	}
	return nil
}

// createIndexThroughput checks a GSI's capacity settings against the
// table's billing mode at CreateTable.
func createIndexThroughput(ix indexSpec, billing string) error {
	if billing == catalog.BillingPayPerRequest {
		if ix.pt != nil {
			return tableInvalidf(invalidParams+"ProvisionedThroughput should not be specified for index: %s when BillingMode is PAY_PER_REQUEST", ix.name)
		}
		return indexOnDemandRange(ix)
	}
	if ix.pt == nil {
		return tableInvalidf(invalidParams+"ProvisionedThroughput is not specified for index: %s", ix.name)
	}
	if err := throughputBounds(ix.pt); err != nil {
		return err
	}
	return indexOnDemandOnProvisioned(ix)
}

// indexOnDemandRange checks a GSI's OnDemandThroughput maximums.
func indexOnDemandRange(ix indexSpec) error {
	if odt := ix.odt; odt != nil {
		for _, m := range []struct {
			v    *int64
			name string
		}{{odt.MaxReadRequestUnits, "MaxReadRequestUnits"}, {odt.MaxWriteRequestUnits, "MaxWriteRequestUnits"}} {
			if m.v != nil && *m.v < 1 {
				return tableInvalidf(invalidParams+"Requested %s for OnDemandThroughput for index : %s is outside of valid range", m.name, ix.name)
			}
		}
	}
	return nil
}

// indexOnDemandOnProvisioned refuses OnDemandThroughput on a GSI of a
// PROVISIONED table.
func indexOnDemandOnProvisioned(ix indexSpec) error {
	if odt := ix.odt; odt != nil && (odt.MaxReadRequestUnits != nil || odt.MaxWriteRequestUnits != nil) {
		return tableInvalidf(invalidParams+"%s for OnDemandThroughput for index : %s cannot be specified when table BillingMode is PROVISIONED",
			onDemandMember(odt), ix.name)
	}
	return nil
}

// projectedTotal is the NonKeyAttributes count summed over indexes (an
// attribute projected into two indexes counts twice, as AWS counts).
func projectedTotal(specs []indexSpec, existing []*catalog.Index) int {
	n := 0
	for _, ix := range specs {
		if ix.projection != nil {
			n += len(ix.projection.NonKeyAttributes)
		}
	}
	for _, ix := range existing {
		n += len(ix.NonKeyAttributes)
	}
	return n
}

func projectedTotalErr() error {
	return tableInvalidf(invalidParams+"Number of projected attributes in all indexes exceeds limit of %d", maxProjectedTotal)
}

// createIndexRules checks CreateTable's indexes once the table's own key
// schema is known to be valid, in AWS's order: empty lists, definitions of
// index keys, unused definitions, then each index (LSIs first), then the
// counts.
func createIndexRules(in *api.CreateTableInput) error {
	if in.LocalSecondaryIndexes != nil && len(in.LocalSecondaryIndexes) == 0 {
		return tableInvalid(invalidParams + "List of LocalSecondaryIndexes is empty")
	}
	if in.GlobalSecondaryIndexes != nil && len(in.GlobalSecondaryIndexes) == 0 {
		return tableInvalid(invalidParams + "List of GlobalSecondaryIndexes is empty")
	}
	specs := indexSpecs(in)
	if err := indexKeysDefined(specs, in.AttributeDefinitions); err != nil {
		return err
	}
	if err := unusedDefinitions(definitionNames(in.AttributeDefinitions), keysUsed(in), len(specs) > 0); err != nil {
		return err
	}
	if len(in.LocalSecondaryIndexes) > 0 && len(in.KeySchema) != 2 {
		return tableInvalid(invalidParams + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
	}
	names := map[string]bool{}
	for _, ix := range specs {
		if err := indexShapeRules(ix, in.KeySchema[0].AttributeName); err != nil {
			return err
		}
		if ix.global {
			if err := createIndexThroughput(ix, in.BillingMode); err != nil {
				return err
			}
		}
		if names[ix.name] {
			return tableInvalidf(invalidParams+"Duplicate index name: %s", ix.name)
		}
		names[ix.name] = true
	}
	if len(in.LocalSecondaryIndexes) > maxLocalIndexes {
		return tableInvalidf(invalidParams+"Number of LocalSecondaryIndexes exceeds per-table limit of %d", maxLocalIndexes)
	}
	if len(in.GlobalSecondaryIndexes) > maxGlobalIndexes {
		return tableInvalidf(invalidParams+"GlobalSecondaryIndex count exceeds the per-table limit of %d", maxGlobalIndexes)
	}
	if projectedTotal(specs, nil) > maxProjectedTotal {
		return projectedTotalErr()
	}
	return nil
}

func definitionNames(defs []api.AttributeDefinition) []string {
	out := make([]string, len(defs))
	for i, d := range defs {
		out[i] = d.AttributeName
	}
	return out
}

// keysUsed lists, in the order of AttributeDefinitions, the defined
// attributes that the table's or an index's key schema uses.
func keysUsed(in *api.CreateTableInput) []string {
	used := map[string]bool{}
	for _, k := range in.KeySchema {
		used[k.AttributeName] = true
	}
	for _, ix := range indexSpecs(in) {
		for _, k := range ix.keys {
			used[k.AttributeName] = true
		}
	}
	var out []string
	for _, d := range in.AttributeDefinitions {
		if used[d.AttributeName] {
			out = append(out, d.AttributeName)
			delete(used, d.AttributeName)
		}
	}
	return out
}

// indexOfSpec builds the catalog description of a validated index. types
// gives each key attribute's type.
func indexOfSpec(ix indexSpec, types func(string) (catalog.KeyAttr, bool), billing string) *catalog.Index {
	out := &catalog.Index{Name: ix.name, Global: ix.global, Projection: ix.projection.ProjectionType}
	out.NonKeyAttributes = append([]string(nil), ix.projection.NonKeyAttributes...)
	for _, k := range ix.keys {
		ka, _ := types(k.AttributeName)
		if k.KeyType == "HASH" {
			out.HashKeys = append(out.HashKeys, ka)
		} else {
			out.RangeKeys = append(out.RangeKeys, ka)
		}
	}
	if !ix.global {
		return out
	}
	if billing == catalog.BillingPayPerRequest {
		out.WarmRead, out.WarmWrite = onDemandWarmRead, onDemandWarmWrite
		if ix.odt != nil {
			out.OnDemandRead, out.OnDemandWrite = orZero(ix.odt.MaxReadRequestUnits), orZero(ix.odt.MaxWriteRequestUnits)
		}
	} else {
		out.Provisioned.Read, out.Provisioned.Write = *ix.pt.ReadCapacityUnits, *ix.pt.WriteCapacityUnits
		out.WarmRead, out.WarmWrite = out.Provisioned.Read, out.Provisioned.Write
	}
	if w := ix.warm; w != nil {
		out.WarmRead, out.WarmWrite = max(out.WarmRead, orZero(w.ReadUnitsPerSecond)), max(out.WarmWrite, orZero(w.WriteUnitsPerSecond))
	}
	return out
}

// limitExceeded is AWS's LimitExceededException for index operations.
func limitExceeded(msg string) error { return apierr.New(apierr.LimitExceeded, msg) }
