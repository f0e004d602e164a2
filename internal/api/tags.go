package api

// TagResourceInput adds or overwrites tags on a table. ResourceArn and
// each tag's Value are pointers so that an absent member can be told from
// an empty one, as AWS's messages do.
type TagResourceInput struct {
	ResourceArn *string     `json:"ResourceArn,omitempty"`
	Tags        []TagMember `json:"Tags"`
}

// TagMember is one tag of a TagResource or CreateTable request.
type TagMember struct {
	Key   *string `json:"Key,omitempty"`
	Value *string `json:"Value,omitempty"`
}

// TagResourceOutput is empty.
type TagResourceOutput struct{}

// UntagResourceInput removes tags by key.
type UntagResourceInput struct {
	ResourceArn *string  `json:"ResourceArn,omitempty"`
	TagKeys     []string `json:"TagKeys"`
}

// UntagResourceOutput is empty.
type UntagResourceOutput struct{}

// ListTagsOfResourceInput lists a table's tags.
type ListTagsOfResourceInput struct {
	ResourceArn *string `json:"ResourceArn,omitempty"`
	NextToken   *string `json:"NextToken,omitempty"`
}

// ListTagsOfResourceOutput is one page of tags.
type ListTagsOfResourceOutput struct {
	NextToken string `json:"NextToken,omitempty"`
	Tags      []Tag  `json:"Tags"`
}
