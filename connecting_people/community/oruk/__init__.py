"""Open Referral UK (the UK profile of HSDS 3.0) without the ORM: the tables and fields we model, and
readers for data packages and ORUK JSON that turn either into checked plain records."""
