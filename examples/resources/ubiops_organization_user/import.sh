# A membership is imported as <organization name>/<email> or as
# <organization name>/<user UUID>. The email is compared case-insensitively.
terraform import ubiops_organization_user.bob acme-ml/bob@example.com
terraform import ubiops_organization_user.bob acme-ml/332d7432-2742-4177-99a9-139e91e0110c
