rule script_credential_stealer
{
    meta:
        description = "Script reads a credential store and has a network sender"
        author = "detection-engineering"
        date = "2025-05-12"

    strings:
        $src1 = "Login Data" ascii wide
        $src2 = "/Cookies" ascii
        $src3 = ".ssh/id_rsa" ascii
        $src4 = ".aws/credentials" ascii
        $src5 = ".kube/config" ascii
        $src6 = ".docker/config.json" ascii
        $src7 = "find-generic-password" ascii
        $src8 = "gh auth token" ascii
        $net1 = "requests.post" ascii
        $net2 = "urlopen(" ascii
        $net3 = "curl -" ascii
        $net4 = "--post-file" ascii
        $net5 = "gethostbyname(" ascii
        $net6 = /\bnc\s+-?\w*\s*\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/
        $net7 = "/api/webhooks/" ascii

    condition:
        filesize < 2MB and any of ($src*) and any of ($net*)
}
