-- The tracked Hugging Face organisations.
SELECT hf_org, organization, country FROM hf_orgs ORDER BY organization;
