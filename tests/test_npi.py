import pytest

from portal.services.npi import InvalidNPI, check_digit, is_valid_npi, make_npi, normalize_npi


def test_known_valid_npi():
    # The CMS example NPI: 123456789 with check digit 3.
    assert check_digit("123456789") == 3
    assert normalize_npi("1234567893") == "1234567893"
    assert normalize_npi(" 1234-567-893 ") == "1234567893"


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("1234567890", "check digit"),
        ("123456789", "exactly 10 digits"),
        ("12345678931", "exactly 10 digits"),
        ("12345abc93", "digits only"),
        ("١٢٣٤٥٦٧٨٩٣", "digits only"),  # Arabic-Indic digits are not accepted
        ("", "Enter a 10-digit NPI"),
        ("3234567893", "starts with 1 or 2"),
        ("1234567893'; DROP TABLE providers;--", "digits only"),
    ],
)
def test_invalid_npis_say_why(raw, reason):
    with pytest.raises(InvalidNPI, match=reason):
        normalize_npi(raw)
    assert not is_valid_npi(raw)


def test_make_npi_always_valid_and_every_wrong_digit_caught():
    for body in (100000000, 123456789, 200000001, 199999999):
        npi = make_npi(body)
        assert is_valid_npi(npi)
        wrong = [npi[:9] + str(d) for d in range(10) if str(d) != npi[9]]
        assert not any(is_valid_npi(w) for w in wrong)
