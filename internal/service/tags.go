package service

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// Tag limits ("Tagging for DynamoDB": 50 tags per resource, keys of 1–128
// and values of 0–256 Unicode characters, the aws: prefix reserved).
const (
	maxTags        = 50
	maxTagKeyLen   = 128
	maxTagValueLen = 256
)

const (
	msgTagCount   = "Number of Tags exceed the current limit for the provided ResourceArn"
	msgNoTags     = "Atleast one Tag needs to be provided as Input."
	msgNoTagKeys  = "Atleast one Tag Key needs to be provided as Input."
	msgInvalidArn = "Invalid TableArn"
)

// TagResource adds tags to a table, overwriting the values of keys it
// already has. All or nothing: one invalid tag refuses the whole request.
func (s *Service) TagResource(ctx context.Context, in *api.TagResourceInput) (*api.TagResourceOutput, error) {
	if err := s.arnPresent(ctx, "TagResource", in.ResourceArn); err != nil {
		return nil, err
	}
	if in.Tags == nil {
		return nil, apierr.New(apierr.Validation, "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null")
	}
	name, err := s.tableOfArn(ctx, "TagResource", *in.ResourceArn)
	if err != nil {
		return nil, err
	}
	if len(in.Tags) == 0 {
		return nil, tableInvalid(msgNoTags)
	}
	tags, err := validateTags(in.Tags)
	if err != nil {
		return nil, err
	}
	_, _, err = s.catalog.Update(ctx, s.namespace(ctx), name, func(next *catalog.Table) (bool, error) {
		merged := mergeTags(next.Tags, tags)
		if len(merged) > maxTags {
			return false, tableInvalid(msgTagCount)
		}
		next.Tags = merged
		return false, nil
	})
	if isNotFound(err) {
		return nil, arnNotFound(*in.ResourceArn)
	}
	if err != nil {
		return nil, err
	}
	return &api.TagResourceOutput{}, nil
}

// UntagResource removes tags by key; keys the table does not have are
// ignored.
func (s *Service) UntagResource(ctx context.Context, in *api.UntagResourceInput) (*api.UntagResourceOutput, error) {
	if err := s.arnPresent(ctx, "UntagResource", in.ResourceArn); err != nil {
		return nil, err
	}
	if in.TagKeys == nil {
		return nil, apierr.New(apierr.Validation, "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")
	}
	name, err := s.tableOfArn(ctx, "UntagResource", *in.ResourceArn)
	if err != nil {
		return nil, err
	}
	if len(in.TagKeys) == 0 {
		return nil, tableInvalid(msgNoTagKeys)
	}
	if len(in.TagKeys) > maxTags {
		return nil, tableInvalid(msgTagCount)
	}
	drop := make(map[string]bool, len(in.TagKeys))
	for _, k := range in.TagKeys {
		if err := validateTagKey(&k); err != nil {
			return nil, err
		}
		drop[k] = true
	}
	_, _, err = s.catalog.Update(ctx, s.namespace(ctx), name, func(next *catalog.Table) (bool, error) {
		kept := next.Tags[:0]
		for _, t := range next.Tags {
			if !drop[t.Key] {
				kept = append(kept, t)
			}
		}
		next.Tags = kept
		return false, nil
	})
	if isNotFound(err) {
		return nil, apierr.New(apierr.ResourceNotFound, apierr.MsgResourceNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &api.UntagResourceOutput{}, nil
}

// ListTagsOfResource returns a table's tags in the order they were first
// set. A table has at most 50 tags, which always fit on one page, so no
// NextToken is ever returned; a NextToken given is accepted and ignored.
func (s *Service) ListTagsOfResource(ctx context.Context, in *api.ListTagsOfResourceInput) (*api.ListTagsOfResourceOutput, error) {
	if err := s.arnPresent(ctx, "ListTagsOfResource", in.ResourceArn); err != nil {
		return nil, err
	}
	name, err := s.tableOfArn(ctx, "ListTagsOfResource", *in.ResourceArn)
	if err != nil {
		return nil, err
	}
	t, err := s.catalog.Lookup(s.namespace(ctx), name)
	if err != nil {
		return nil, arnNotFound(*in.ResourceArn)
	}
	out := &api.ListTagsOfResourceOutput{Tags: make([]api.Tag, 0, len(t.Tags))}
	for _, tag := range t.Tags {
		out.Tags = append(out.Tags, api.Tag{Key: tag.Key, Value: tag.Value})
	}
	return out, nil
}

func isNotFound(err error) bool {
	return err != nil && errors.Is(err, apierr.New(apierr.ResourceNotFound, ""))
}

func arnNotFound(arn string) error {
	return apierr.Newf(apierr.ResourceNotFound, "Requested resource not found: ResourcArn: %s not found", arn)
}

// arnPresent checks that a ResourceArn was given: absent is
// ValidationException "Invalid TableArn", empty is AccessDeniedException on
// resource "*", as AWS answers.
func (s *Service) arnPresent(ctx context.Context, op string, arn *string) error {
	switch {
	case arn == nil:
		return tableInvalid(msgInvalidArn)
	case *arn == "":
		return apierr.Newf(apierr.AccessDenied, "User: arn:aws:iam::%s:root is not authorized to perform: dynamodb:%s on resource: *", s.namespace(ctx).Account, op)
	}
	return nil
}

// validateTags checks the tags of a request in order (key, reserved
// prefix, value, duplicate) and returns them.
func validateTags(in []api.TagMember) ([]catalog.Tag, error) {
	seen := make(map[string]bool, len(in))
	out := make([]catalog.Tag, 0, len(in))
	for _, t := range in {
		if err := validateTagKey(t.Key); err != nil {
			return nil, err
		}
		if strings.HasPrefix(*t.Key, "aws:") {
			return nil, tableInvalidf("Tag Key cannot be prefixed with aws:, Key: %s", *t.Key)
		}
		if t.Value == nil || !validTagText(*t.Value, 0, maxTagValueLen) {
			v := "null"
			if t.Value != nil {
				v = *t.Value
			}
			return nil, tableInvalidf("The Tag Value provided is invalid, Value: %s", v)
		}
		if seen[*t.Key] {
			return nil, tableInvalidf("Duplicate Tag Keys provided as input: Duplicate Tag Key found %s", *t.Key)
		}
		seen[*t.Key] = true
		out = append(out, catalog.Tag{Key: *t.Key, Value: *t.Value})
	}
	return out, nil
}

func validateTagKey(k *string) error {
	if k == nil {
		return tableInvalid("The Tag Key provided is invalid, Key: null")
	}
	if !validTagText(*k, 1, maxTagKeyLen) {
		return tableInvalidf("The Tag Key provided is invalid, Key: %s", *k)
	}
	return nil
}

// validTagText reports whether s has lo to hi characters, each a letter,
// digit or space of any script, or one of _ . : / = + - @.
func validTagText(s string, lo, hi int) bool {
	if n := utf8.RuneCountInString(s); n < lo || n > hi || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Zs, r) && !strings.ContainsRune("_.:/=+-@", r) {
			return false
		}
	}
	return true
}

// mergeTags returns old with add applied: existing keys get the new value
// in place, new keys are appended.
func mergeTags(old, add []catalog.Tag) []catalog.Tag {
	out := append([]catalog.Tag(nil), old...)
	for _, a := range add {
		found := false
		for i := range out {
			if out[i].Key == a.Key {
				out[i].Value, found = a.Value, true
				break
			}
		}
		if !found {
			out = append(out, a)
		}
	}
	return out
}

// createTagRules checks CreateTable's Tags as TagResource checks them
// (an empty list is allowed).
func createTagRules(in *api.CreateTableInput) error {
	if len(in.Tags) == 0 {
		return nil
	}
	members := make([]api.TagMember, len(in.Tags))
	for i := range in.Tags {
		members[i] = api.TagMember{Key: &in.Tags[i].Key, Value: &in.Tags[i].Value}
	}
	if _, err := validateTags(members); err != nil {
		return err
	}
	if len(in.Tags) > maxTags {
		return tableInvalid(msgTagCount)
	}
	return nil
}
